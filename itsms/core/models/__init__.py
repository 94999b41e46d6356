from .access import AccessLogEntry
from .audit import AuditChainHead, AuditEntry
from .files import StoredFile
from .jobs import ExportJob, ExportStatus
from .people import Department, Person, Position
from .spine import IssuedNumber, Notification, NumberSequence, Reminder
from .tenancy import Membership, MembershipRole, Organization, Role, current_memberships_q
from .tokens import ApiToken
from .users import User

__all__ = [
    "AccessLogEntry",
    "ApiToken",
    "AuditChainHead",
    "AuditEntry",
    "Department",
    "ExportJob",
    "ExportStatus",
    "IssuedNumber",
    "Membership",
    "MembershipRole",
    "Notification",
    "NumberSequence",
    "Organization",
    "Person",
    "Position",
    "Reminder",
    "Role",
    "StoredFile",
    "User",
    "current_memberships_q",
]
