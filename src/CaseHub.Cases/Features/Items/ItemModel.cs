using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows.Persistence;

namespace CaseHub.Cases.Features.Items;

/// <summary>咨询 / 求助 / 投诉 / 举报 / 建议. Each has its own time limits.</summary>
public enum CaseKind
{
    Enquiry = 1,
    HelpRequest = 2,
    Complaint = 3,
    Report = 4,
    Suggestion = 5,
}

/// <summary>A 复杂, B 重点, C 一般.</summary>
public enum CaseGrade
{
    A = 1,
    B = 2,
    C = 3,
}

/// <summary>
/// An entry of the item list (事项清单), up to four levels deep: 行业领域 → 问题类型 → 问题表现 → 权责事项.
/// Leaves carry kinds, grade, keywords, time limits and, through <see cref="ResponsibilityRule"/>, who handles them.
/// </summary>
public sealed class Item : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    /// <summary>1 to 4.</summary>
    public int Level { get; set; }
    public Guid? ParentId { get; set; }
    public List<CaseKind> Kinds { get; set; } = [];
    public CaseGrade DefaultGrade { get; set; } = CaseGrade.C;
    public List<string> Keywords { get; set; } = [];
    public StageTimeLimits TimeLimits { get; set; } = new();
    public bool IsActive { get; set; } = true;
    public long RowVersion { get; set; }
}

/// <summary>Time limits per stage; null means "use the default for the case kind". Consumed by supervision.</summary>
public sealed class StageTimeLimits
{
    /// <summary>即时分转: minutes from intake to dispatch.</summary>
    public int? DispatchMinutes { get; set; }
    /// <summary>签收: working hours from dispatch to acceptance.</summary>
    public int? AcceptWorkingHours { get; set; }
    /// <summary>First contact with the citizen, in working hours.</summary>
    public int? FirstContactWorkingHours { get; set; }
    /// <summary>办结: working days from dispatch to completion.</summary>
    public int? CompletionWorkingDays { get; set; }
    /// <summary>回访: working days from completion to the callback.</summary>
    public int? CallbackWorkingDays { get; set; }
}

/// <summary>
/// Who handles an item: for a jurisdiction (an org unit and its subtree) or, when <see cref="OrgUnitId"/> is null,
/// anywhere. The most specific rule wins: the one whose org unit is nearest the case's grid, going up the tree.
/// </summary>
public sealed class ResponsibilityRule : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public Guid ItemId { get; set; }
    public Guid? OrgUnitId { get; set; }
    public Guid DepartmentId { get; set; }
    /// <summary>Tie-break between rules on the same org unit; higher wins.</summary>
    public int Priority { get; set; }
    public long RowVersion { get; set; }
}
