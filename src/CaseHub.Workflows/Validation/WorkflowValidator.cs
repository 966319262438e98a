using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Validation;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>One problem found in a definition, naming the activity and the input where it can.</summary>
public sealed record ValidationIssue(IssueSeverity Severity, string? ActivityId, string? Field, string Message);

/// <summary>Checks a definition before it may be published.</summary>
public sealed class WorkflowValidator(ActivityRegistry registry)
{
    public IReadOnlyList<ValidationIssue> Validate(WorkflowDocument document)
    {
        var issues = new List<ValidationIssue>();
        foreach (var node in document.Activities)
        {
            if (registry.Find(node.Type) is null)
                issues.Add(new ValidationIssue(IssueSeverity.Error, node.Id, "type", $"Unknown activity type '{node.Type}'."));
        }
        return issues;
    }
}
