from .audit import AuditChainHead, AuditEntry
from .files import StoredFile
from .people import Department, Person, Position
from .tenancy import Membership, MembershipRole, Organization, Role
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEntry",
    "Department",
    "Membership",
    "MembershipRole",
    "Organization",
    "Person",
    "Position",
    "Role",
    "StoredFile",
    "User",
]
