namespace CaseHub.Cases.Features.Assessment;

/// <summary>The rates assessment computes; the keys of <see cref="AssessmentOptions.Weights"/>.</summary>
public enum AssessmentRate
{
    /// <summary>响应率 = AcceptedInTime / Dispatched.</summary>
    Response = 1,
    /// <summary>即时分转率 = DispatchedInTime / Dispatched.</summary>
    ImmediateDispatch = 2,
    /// <summary>按时办结率 = CompletedOnTime / Completed.</summary>
    OnTimeCompletion = 3,
    /// <summary>办结率 = Completed / Dispatched.</summary>
    Completion = 4,
    /// <summary>解决率 = Resolved / CallbackAnswered.</summary>
    Resolution = 5,
    /// <summary>满意率 = (Satisfied + PartlySatisfied × PartialSatisfactionWeight) / CallbackAnswered.</summary>
    Satisfaction = 6,
    /// <summary>回访率 = CallbackAnswered / Completed.</summary>
    Callback = 7,
    /// <summary>回退率 = Returned / Dispatched; lower is better, so the composite counts 1 − rate.</summary>
    Return = 8,
    /// <summary>重办率 = Reopened / Completed; lower is better, so the composite counts 1 − rate.</summary>
    Reopen = 9,
}

/// <summary>The <c>Assessment</c> section.</summary>
public sealed class AssessmentOptions
{
    /// <summary>How often the background worker folds metric events into the daily rollups and checks for a new day to scan for spikes. Default 1 minute.</summary>
    public TimeSpan FoldInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Run the fold and spike worker on this node. Default true; the Testing environment turns it off.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How much a 基本满意 answer counts towards the satisfaction rate, 0 to 1. Default 0.5.</summary>
    public double PartialSatisfactionWeight { get; set; } = 0.5;

    /// <summary>
    /// The composite score's weights by rate. When the section sets any, they replace the defaults
    /// (Response 30, Resolution 35, Satisfaction 35) rather than adding to them.
    /// </summary>
    public Dictionary<AssessmentRate, double> Weights { get; set; } = [];

    /// <summary>
    /// 最低参评件数: a unit with fewer cases dispatched to it in the period keeps its score but gets no rank, and is on
    /// neither the honour roll nor the blacklist (one perfect case is not a perfect month). Default 0: everyone is ranked.
    /// </summary>
    public int MinimumDispatched { get; set; }

    /// <summary>Longest period one query may cover, in days. Default 366.</summary>
    public int MaxPeriodDays { get; set; } = 366;

    public SpikeOptions Spike { get; set; } = new();

    public static Dictionary<AssessmentRate, double> DefaultWeights() => new()
    {
        [AssessmentRate.Response] = 30,
        [AssessmentRate.Resolution] = 35,
        [AssessmentRate.Satisfaction] = 35,
    };

    /// <summary>Throws naming the first key out of range; called once at start-up.</summary>
    public void Validate()
    {
        if (FoldInterval <= TimeSpan.Zero)
            throw new InvalidOperationException("Assessment:FoldInterval must be positive.");
        if (PartialSatisfactionWeight is < 0 or > 1 || double.IsNaN(PartialSatisfactionWeight))
            throw new InvalidOperationException("Assessment:PartialSatisfactionWeight must be between 0 and 1.");
        if (Weights.Values.Any(w => w < 0 || double.IsNaN(w)) || Weights.Values.Sum() <= 0)
            throw new InvalidOperationException("Assessment:Weights must not be negative, and at least one must be positive.");
        if (MinimumDispatched < 0)
            throw new InvalidOperationException("Assessment:MinimumDispatched must not be negative.");
        if (MaxPeriodDays < 1)
            throw new InvalidOperationException("Assessment:MaxPeriodDays must be at least 1.");
        if (Spike.MinCount < 1)
            throw new InvalidOperationException("Assessment:Spike:MinCount must be at least 1.");
        if (Spike.StdDevs < 0 || double.IsNaN(Spike.StdDevs))
            throw new InvalidOperationException("Assessment:Spike:StdDevs must not be negative.");
    }
}

/// <summary>The <c>Assessment:Spike</c> section: when a day's cases of one item in one area count as a surge.</summary>
public sealed class SpikeOptions
{
    /// <summary>The fewest cases a day that can raise an alert. Default 10.</summary>
    public int MinCount { get; set; } = 10;

    /// <summary>How many sample standard deviations above the trailing 28-day mean a day must be. Default 3.</summary>
    public double StdDevs { get; set; } = 3;
}
