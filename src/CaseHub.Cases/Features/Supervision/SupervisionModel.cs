using CaseHub.Workflows.Persistence;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>The stages of a case that each have a time limit.</summary>
public enum CaseStage
{
    /// <summary>即时分转: from intake (or a return) to dispatch; the command centre's clock.</summary>
    Dispatch = 1,
    /// <summary>签收: from dispatch to the department's acceptance.</summary>
    Accept = 2,
    /// <summary>首次联系: from dispatch to the department's first contact with the citizen.</summary>
    FirstContact = 3,
    /// <summary>办结: from dispatch to the department's result.</summary>
    Completion = 4,
    /// <summary>回访: from completion to the callback.</summary>
    Callback = 5,
}

/// <summary>How a limit is counted.</summary>
public enum LimitUnit
{
    /// <summary>Clock minutes, around the clock (即时分转).</summary>
    Minutes = 1,
    /// <summary>Clock hours, around the clock, for 24-hour limits.</summary>
    NaturalHours = 2,
    WorkingHours = 3,
    WorkingDays = 4,
}

public enum CardColour
{
    /// <summary>预警: a share of the limit is used up.</summary>
    Blue = 1,
    /// <summary>黄牌: overdue.</summary>
    Yellow = 2,
    /// <summary>红牌: overdue beyond the margin, or a second yellow on the same case.</summary>
    Red = 3,
}

/// <summary>
/// One stage's clock on one case. Card timers carry the <see cref="Generation"/> they were scheduled for, so a
/// timer scheduled before an extension or a suspension can never issue a card.
/// </summary>
public sealed class CaseDeadline : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public CaseStage Stage { get; set; }
    /// <summary>Whose clock it is; null for the command centre's own stages (dispatch, callback).</summary>
    public Guid? DepartmentId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public LimitUnit Unit { get; set; }
    public double Limit { get; set; }
    public DateTimeOffset BlueAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset RedAt { get; set; }
    /// <summary>When the stage ended; null while the clock runs or is paused.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>True when the stage was done; false when it was abandoned (returned, closed, merged).</summary>
    public bool Met { get; set; }
    /// <summary>Set while the case is suspended (挂起); the clock does not run.</summary>
    public DateTimeOffset? PausedAt { get; set; }
    /// <summary>Limit left when paused, in the deadline's unit of time (working time for working units).</summary>
    public TimeSpan? RemainingWhenPaused { get; set; }
    public int Generation { get; set; }
    /// <summary>Cards issued so far, as flags, so a rescheduled deadline does not schedule them again.</summary>
    public CardFlags Cards { get; set; }
    public long RowVersion { get; set; }

    public bool IsOpen => ClosedAt is null;
    public bool OnTime => Met && ClosedAt <= DueAt;
}

[Flags]
public enum CardFlags
{
    None = 0,
    Blue = 1,
    Yellow = 2,
    Red = 4,
}

/// <summary>A blue, yellow or red card. It stays on record for assessment after the case completes.</summary>
public sealed class Card
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid DeadlineId { get; set; }
    public CaseStage Stage { get; set; }
    public Guid? DepartmentId { get; set; }
    public CardColour Colour { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string Reason { get; set; }
}

/// <summary>One line of a case's timeline: supervision, cards, extensions, suspension and the like.</summary>
public sealed class CaseEvent
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>e.g. card.yellow, escalated, order, reminder, extension.requested, suspended.</summary>
    public required string Kind { get; set; }
    public string? Actor { get; set; }
    public required string Text { get; set; }
}

/// <summary>An in-app notification for a group: <c>dept:{code}</c> for a department, <c>centre:{org unit code}</c> for a command centre.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public required string Recipient { get; set; }
    public Guid? CaseId { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public string? ReadBy { get; set; }
}

public enum ExtensionStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}

/// <summary>延期申请: a department asks for more time before its deadline; the command centre decides.</summary>
public sealed class ExtensionRequest : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid DeadlineId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset PreviousDueAt { get; set; }
    public DateTimeOffset RequestedDueAt { get; set; }
    public ExtensionStatus Status { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    public long RowVersion { get; set; }
}

public enum EscalationReason
{
    GradeA = 1,
    RedCard = 2,
    Manual = 3,
    OverdueOrder = 4,
}

/// <summary>提级: the case is raised to a higher level's command centre, which gets it as a supervision task.</summary>
public sealed class Escalation : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    /// <summary>The org unit whose command centre supervises the case now.</summary>
    public Guid CentreId { get; set; }
    public EscalationReason Reason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? ClosingNote { get; set; }
    public long RowVersion { get; set; }
}

public enum OrderStatus
{
    Open = 0,
    Responded = 1,
}

/// <summary>督办: a supervisor's order on a case, with a demand and a deadline the department must respond by.</summary>
public sealed class SupervisionOrder : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid? DepartmentId { get; set; }
    public required string Demand { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public required string IssuedBy { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public OrderStatus Status { get; set; }
    public string? Response { get; set; }
    public string? RespondedBy { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    /// <summary>When the order went overdue and escalated the case.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    public long RowVersion { get; set; }
}
