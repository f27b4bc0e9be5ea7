"""Import every model so the metadata is complete for Alembic and the mappers can resolve names."""
from backend.allocations.models import Allocation
from backend.audit.models import AuditEvent
from backend.children.models import Child
from backend.db import Base
from backend.enrolment.models import ChannelIdentity, EnrolmentCode
from backend.meetings.models import Meeting
from backend.staff.models import Staff
from backend.statements.models import Answer, Statement

__all__ = ["Allocation", "Answer", "AuditEvent", "Base", "ChannelIdentity", "Child", "EnrolmentCode",
           "Meeting", "Staff", "Statement"]
