namespace CaseHub.Workflows.Expressions;

/// <summary>
/// Limits for JavaScript expressions. They back up <see cref="JavaScriptGuard"/>, which already rejects
/// loops, functions and <c>new</c> before anything runs, so a well-formed expression never comes near them.
/// </summary>
public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock limit for one evaluation. Default 200 ms; between 1 ms and 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Statements one evaluation may run. Default 1000; 0 means no limit (the timeout still applies).</summary>
    public int MaxStatements { get; set; } = 1000;

    /// <summary>How deep JavaScript calls may nest. Default 32; between 1 and 1000.</summary>
    public int RecursionLimit { get; set; } = 32;

    /// <summary>
    /// Names of the globals the host adds through <see cref="ExpressionScope.Globals"/>, such as <c>c</c> for the case.
    /// The publish validator and the designer accept these names; at run time the scope's own globals count.
    /// Default: none.
    /// </summary>
    public IList<string> GlobalNames { get; set; } = [];

    /// <summary>Throws when a value is out of range, so a bad configuration fails at start-up, not on the first case.</summary>
    public void Validate()
    {
        if (Timeout < TimeSpan.FromMilliseconds(1) || Timeout > TimeSpan.FromSeconds(10))
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The JavaScript timeout must be between 1 ms and 10 s.");
        if (MaxStatements < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxStatements), MaxStatements, "The statement limit must be 0 (none) or more.");
        if (RecursionLimit is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(RecursionLimit), RecursionLimit, "The recursion limit must be between 1 and 1000.");
        foreach (var name in GlobalNames)
        {
            if (JavaScriptGuard.GlobalNameProblem(name) is { } problem)
                throw new ArgumentException(problem, nameof(GlobalNames));
        }
    }
}
