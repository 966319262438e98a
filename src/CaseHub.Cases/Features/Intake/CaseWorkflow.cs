using CaseHub.Cases.Data;
using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Dispatch;
using CaseHub.Cases.Features.Items;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Intake;

/// <summary>How case activities find their case: a case's workflow instance is correlated by the case id.</summary>
public static class CaseWorkflow
{
    public static async Task<Case> CaseOfAsync(this ActivityContext context)
    {
        var id = Guid.TryParse(context.Instance.CorrelationId, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"{context.Node.Type} runs only in a case's workflow; this instance's correlation id is not a case id.");
        return await context.Db.Set<Case>().FindAsync(id) ?? throw new InvalidOperationException($"Case {id} of this workflow no longer exists.");
    }

    public static string DepartmentGroup(string departmentCode) => $"dept:{departmentCode}";

    /// <summary>
    /// True while the case is being received in this unit of work: none of its clocks, tasks or escalations is in the
    /// database yet, so there is nothing to query for.
    /// </summary>
    public static bool IsBeingReceived(this DbContext db, Guid caseId)
    {
        // Whether the case is Added does not depend on changed values, so Local need not first compare every tracked row.
        using var _ = db.WithoutDetectingChanges();
        return db.Set<Case>().Local.FindEntry(caseId)?.State == EntityState.Added;
    }
}

/// <summary>Exposes the case to expressions as <c>c</c> (<c>case</c> is reserved in ES5): c.kind, c.returnCount, c.itemCode, …</summary>
internal sealed class CaseExpressionGlobals(DbContext db, DispatchRules rules, ItemClassifier items) : IExpressionGlobalsProvider
{
    public async ValueTask AddGlobalsAsync(WorkflowInstance instance, IDictionary<string, JsonNode?> globals, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(instance.CorrelationId, out var id) || await db.Set<Case>().FindAsync([id], cancellationToken) is not { } c)
            return;
        var itemCode = c.ItemId is { } itemId ? (await items.ItemAsync(itemId, db, cancellationToken))?.Code : null;
        var departmentCode = c.DepartmentId is { } departmentId ? (await rules.DepartmentAsync(departmentId, db, cancellationToken))?.Code : null;
        globals["c"] = new JsonObject
        {
            ["trackingNumber"] = c.TrackingNumber,
            ["channel"] = c.Channel.ToString(),
            ["kind"] = c.Kind.ToString(),
            ["grade"] = c.Grade.ToString(),
            ["status"] = c.Status.ToString(),
            ["returnCount"] = c.ReturnCount,
            ["itemCode"] = itemCode,
            ["departmentCode"] = departmentCode,
            ["located"] = c.GridId is not null || c.JurisdictionId is not null,
        };
    }
}
