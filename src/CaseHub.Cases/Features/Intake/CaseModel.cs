using CaseHub.Cases.Features.Items;
using CaseHub.Workflows.Persistence;

namespace CaseHub.Cases.Features.Intake;

/// <summary>Where a case came in; the reply goes back the same way (一个口子进、一个口子出).</summary>
public enum Channel
{
    Hotline = 1,
    CitizenApp = 2,
    GridPatrol = 3,
    Whistle = 4,
    Sensor = 5,
    PublicOpinion = 6,
    Open311 = 7,
}

public enum CaseStatus
{
    /// <summary>Received, not yet dispatched.</summary>
    New = 0,
    /// <summary>Waiting in the manual dispatch queue.</summary>
    PendingDispatch = 1,
    Dispatched = 2,
    Accepted = 3,
    Completed = 4,
    Closed = 5,
    /// <summary>Merged into another case as a duplicate.</summary>
    Merged = 6,
    Cancelled = 7,
}

/// <summary>A status as staff read it (case search export, messages); the web client has the same words in its own tables.</summary>
public static class CaseStatusNames
{
    public static string Zh(CaseStatus status) => status switch
    {
        CaseStatus.New => "新建",
        CaseStatus.PendingDispatch => "待派单",
        CaseStatus.Dispatched => "已派单",
        CaseStatus.Accepted => "已签收",
        CaseStatus.Completed => "已办结",
        CaseStatus.Closed => "已结案",
        CaseStatus.Merged => "已合并",
        CaseStatus.Cancelled => "已撤销",
        _ => status.ToString(),
    };
}

/// <summary>回访: the citizen's answer to the callback, or none within the time allowed.</summary>
public enum CallbackResult
{
    Satisfied = 1,
    PartlySatisfied = 2,
    NotSatisfied = 3,
    /// <summary>No answer before the callback's deadline; the case closes on its own.</summary>
    NoAnswer = 4,
}

/// <summary>One complaint, report or finding, and everything done about it.</summary>
public sealed class Case : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    /// <summary>Human-friendly tracking number: yyyyMMdd plus a 5-digit daily sequence, e.g. 2026112200001.</summary>
    public required string TrackingNumber { get; set; }
    public Channel Channel { get; set; }
    /// <summary>The id the channel gave the case; with <see cref="Channel"/> it makes intake idempotent.</summary>
    public string? ExternalId { get; set; }
    public CaseKind Kind { get; set; }
    public CaseGrade Grade { get; set; } = CaseGrade.C;
    public CaseStatus Status { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Address { get; set; }
    /// <summary>The grid the location falls in, when it could be located.</summary>
    public Guid? GridId { get; set; }
    /// <summary>The jurisdiction: the grid's street (or the finest unit the address resolved to).</summary>
    public Guid? JurisdictionId { get; set; }
    public Guid? ItemId { get; set; }
    public Guid? DepartmentId { get; set; }
    /// <summary>The open case this one probably repeats (same item, nearby, recent, similar text); a dispatcher confirms by merging.</summary>
    public Guid? ProbableDuplicateOfId { get; set; }
    /// <summary>The case this one was merged into (重复件); the parent's reply goes to this case's complainant too.</summary>
    public Guid? DuplicateOfId { get; set; }
    public Complainant Complainant { get; set; } = new();
    public List<AttachmentInfo> Attachments { get; set; } = [];
    public DateTimeOffset? OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    /// <summary>签收: when the handling department accepted the case.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>挂起: set while the case waits on something outside the department (e.g. the citizen); its clocks are paused.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }
    public Guid? WorkflowInstanceId { get; set; }
    public int ReturnCount { get; set; }
    /// <summary>答复: the reply this case's complainant was given (for a merged case, its parent's reply).</summary>
    public string? ReplyText { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    /// <summary>重办: how often a "not satisfied" callback sent the case back to its department.</summary>
    public int ReopenCount { get; set; }
    /// <summary>The latest callback's answer; a reopened case's next callback overwrites it.</summary>
    public CallbackResult? CallbackResult { get; set; }
    /// <summary>The citizen's answer to "was the problem solved", asked with satisfaction; null when there was no answer.</summary>
    public bool? CallbackResolved { get; set; }
    public DateTimeOffset? CallbackAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long RowVersion { get; set; }
}

/// <summary>The person who raised the case. Stored in full, shown masked to roles that do not need it.</summary>
public sealed class Complainant
{
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? IdNumber { get; set; }
}

/// <summary>Metadata of an attached file; the file itself lives in the channel's or a document store.</summary>
public sealed record AttachmentInfo(string FileName, string ContentType, long Size, string? Url);

/// <summary>A named counter incremented atomically in SQL, e.g. the daily sequence of tracking numbers.</summary>
public sealed class Counter
{
    public required string Name { get; set; }
    public long Value { get; set; }
}
