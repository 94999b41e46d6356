from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_make_run_seeds_the_demo_right_before_serving():
    lines = (
        ROOT.joinpath("Makefile").read_text().split("run: bootstrap", 1)[1].split("\n\n", 1)[0].splitlines()
    )
    commands = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("@")]
    assert commands[-2:] == ["$(PY) manage.py seed_demo", "$(PY) manage.py runserver $(HOST):$(PORT)"]


def test_dev_settings_keep_task_chatter_out_of_the_console():
    text = ROOT.joinpath("config/settings/dev.py").read_text()
    assert '"django_tasks": {"level": "WARNING"}' in text
