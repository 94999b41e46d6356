from itsms.core.i18n_check import missing_translations, python_messages, template_messages


def test_every_string_of_the_code_has_a_chinese_translation():
    missing = missing_translations()
    listing = "\n".join(
        f"{where}: {msgid!r}" for (_, msgid), where in sorted(missing.items(), key=lambda kv: kv[1])
    )
    assert not missing, f"{len(missing)} strings lack a zh-Hans translation (run make messages):\n{listing}"


def test_extractor_reads_python_calls():
    source = 'from x import gettext as _\nA = _("Hello")\nB = pgettext("menu", "Open")\nC = other("no")\n'
    assert python_messages(source) == {(None, "Hello"), ("menu", "Open")}


def test_extractor_reads_template_tags_like_makemessages():
    source = (
        "{% load i18n %}{% translate \"Save\" %}{% trans 'Cancel' %}"
        "{% blocktranslate trimmed with n=count %}\n  Page {{ n }}\n  of 100%\n{% endblocktranslate %}"
        '{% translate "May" context "month" %}{% translate some_variable %}{{ x|default:_("None yet") }}'
    )
    assert template_messages(source) == {
        (None, "Save"),
        (None, "Cancel"),
        (None, "Page %(n)s of 100%%"),
        ("month", "May"),
        (None, "None yet"),
    }
