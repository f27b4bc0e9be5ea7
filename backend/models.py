"""Import every model so the metadata is complete for Alembic and the mappers can resolve names."""
from backend.allocations.models import Allocation
from backend.audit.models import AuditEvent
from backend.children.models import Child
from backend.contacts.models import ChannelContact, Delivery
from backend.db import Base
from backend.enrolment.models import ChannelIdentity, EnrolmentCode
from backend.flags.models import Flag, FlagEntry, FlagMessage, FlagRoute
from backend.meetings.models import Meeting
from backend.notifications.models import Notification
from backend.referrals.models import Referral
from backend.replies.models import WorkerReply
from backend.staff.models import Staff
from backend.statements.models import Answer, Statement

__all__ = ["Allocation", "Answer", "AuditEvent", "Base", "ChannelIdentity", "Child", "EnrolmentCode", "Flag",
           "FlagEntry", "FlagMessage", "FlagRoute", "Meeting", "Notification", "Referral", "Staff", "Statement",
           "ChannelContact", "Delivery", "WorkerReply"]
