using CaseHub.Cases.Features.Items;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>The <c>Supervision</c> configuration section: default limits per case kind, and the card rules.</summary>
public sealed class SupervisionOptions
{
    /// <summary>
    /// Limits per case kind, used where an item sets none. Completion follows Guangdong's published limits:
    /// enquiries 2 working days, help requests and suggestions 10, complaints and reports 15.
    /// </summary>
    public Dictionary<CaseKind, StageTimeLimits> Limits { get; set; } = new()
    {
        [CaseKind.Enquiry] = Defaults(completionDays: 2),
        [CaseKind.HelpRequest] = Defaults(completionDays: 10),
        [CaseKind.Suggestion] = Defaults(completionDays: 10),
        [CaseKind.Complaint] = Defaults(completionDays: 15),
        [CaseKind.Report] = Defaults(completionDays: 15),
    };

    /// <summary>Shandong's rule: a department may return (退单) a case only within this many working days of its dispatch. Default 2.</summary>
    public double ReturnWithinWorkingDays { get; set; } = 2;

    public CardRule Cards { get; set; } = new() { BlueShare = 0.75, RedMarginWorkingDays = 2 };

    /// <summary>Overrides of <see cref="Cards"/> for an item, a grade, or both; the most specific match wins.</summary>
    public List<CardRule> CardRules { get; set; } = [];

    /// <summary>Grade-A (复杂) cases are escalated to the next level's command centre when dispatched. Default true.</summary>
    public bool EscalateGradeA { get; set; } = true;

    private static StageTimeLimits Defaults(int completionDays) => new()
    {
        DispatchMinutes = 30,
        AcceptWorkingHours = 2,
        FirstContactWorkingHours = 7,
        CompletionWorkingDays = completionDays,
        CallbackWorkingDays = 3,
    };

    public CardRule CardRuleFor(string? itemCode, CaseGrade grade)
    {
        var match = CardRules
            .Where(r => (r.ItemCode is null || r.ItemCode == itemCode) && (r.Grade is null || r.Grade == grade))
            .OrderByDescending(r => (r.ItemCode is null ? 0 : 2) + (r.Grade is null ? 0 : 1))
            .FirstOrDefault();
        return new CardRule
        {
            BlueShare = match?.BlueShare ?? Cards.BlueShare ?? 0.75,
            RedMarginWorkingDays = match?.RedMarginWorkingDays ?? Cards.RedMarginWorkingDays ?? 2,
        };
    }

    /// <summary>The limit of <paramref name="stage"/>: the item's own, else the kind's default.</summary>
    public (LimitUnit Unit, double Limit) LimitFor(CaseStage stage, CaseKind kind, StageTimeLimits? item)
    {
        var byKind = Limits.GetValueOrDefault(kind) ?? Defaults(15);
        return stage switch
        {
            CaseStage.Dispatch => (LimitUnit.Minutes, item?.DispatchMinutes ?? byKind.DispatchMinutes ?? 30),
            CaseStage.Accept => (LimitUnit.WorkingHours, item?.AcceptWorkingHours ?? byKind.AcceptWorkingHours ?? 2),
            CaseStage.FirstContact => (LimitUnit.WorkingHours, item?.FirstContactWorkingHours ?? byKind.FirstContactWorkingHours ?? 7),
            CaseStage.Completion => (LimitUnit.WorkingDays, item?.CompletionWorkingDays ?? byKind.CompletionWorkingDays ?? 15),
            CaseStage.Callback => (LimitUnit.WorkingDays, item?.CallbackWorkingDays ?? byKind.CallbackWorkingDays ?? 3),
            _ => throw new ArgumentOutOfRangeException(nameof(stage)),
        };
    }
}

/// <summary>When cards fall: blue at <see cref="BlueShare"/> of the limit, red <see cref="RedMarginWorkingDays"/> after the due time.</summary>
public sealed class CardRule
{
    public string? ItemCode { get; set; }
    public CaseGrade? Grade { get; set; }
    public double? BlueShare { get; set; }
    public double? RedMarginWorkingDays { get; set; }
}
