using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Web.Features.Access;
using CaseHub.Workflows;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Cases;

/// <summary>An activity on the read-only diagram: where the designer put it, how often it ran, and whether the case waits there.</summary>
public sealed record DiagramNode(string Id, string Type, string NameZh, string NameEn, double X, double Y, double Width, double Height, int Runs, bool Waiting);

public sealed record DiagramEdge(string Source, string SourcePort, string Target, bool Taken);

public sealed record CaseWorkflowDiagram(string DefinitionId, int Version, string Name, string Status, IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramEdge> Edges);

/// <summary>The case's workflow as a read-only diagram with the path it took and where it waits, for everyone who sees the case.</summary>
public static class CaseWorkflowEndpoints
{
    public static RouteGroupBuilder MapCaseWorkflow(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{id:guid}/workflow", Diagram).RequireCaseInScope().WithTags("Cases").WithName("GetCaseWorkflowDiagram")
            .WithSummary("The case's workflow version with designer positions, how many times each activity ran, the connections taken, and the waiting points.");
        return api;
    }

    private static async Task<Ok<CaseWorkflowDiagram>> Diagram(Guid id, CaseHubDbContext db, ActivityRegistry registry, CancellationToken cancellationToken)
    {
        var instanceId = await db.Set<Case>().Where(c => c.Id == id).Select(c => c.WorkflowInstanceId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Workflow of case", id);
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().FirstAsync(i => i.Id == instanceId, cancellationToken);
        var version = await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .FirstAsync(v => v.DefinitionId == instance.DefinitionId && v.Version == instance.DefinitionVersion, cancellationToken);
        // An activity's run starts with Executed (done at once) or Waiting (resumed later, with its outcomes then).
        var journal = await db.Set<WorkflowJournalEntry>().AsNoTracking()
            .Where(j => j.InstanceId == instanceId && (j.Event == JournalEvent.Executed || j.Event == JournalEvent.Waiting || j.Event == JournalEvent.Resumed))
            .Select(j => new { j.ActivityId, j.Event, j.Outcome }).ToListAsync(cancellationToken);
        var waiting = instance.WaitingPoints().Select(w => w.ActivityId).ToHashSet(StringComparer.Ordinal);
        var runs = journal.Where(j => j.Event != JournalEvent.Resumed).GroupBy(j => j.ActivityId)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var outcomes = journal.Where(j => j.Outcome is not null)
            .SelectMany(j => j.Outcome!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(o => (j.ActivityId, o))).ToHashSet();

        var root = JsonNode.Parse(version.Json)?["root"] ?? new JsonObject();
        var nodes = new List<DiagramNode>();
        var column = 0;
        foreach (var activity in root["activities"]?.AsArray() ?? [])
        {
            var activityId = (string?)activity?["id"];
            var type = (string?)activity?["type"];
            if (activityId is null || type is null)
                continue;
            var designer = activity?["metadata"]?["designer"];
            var descriptor = registry.Find(type)?.Descriptor;
            var name = (string?)activity?["name"];
            nodes.Add(new DiagramNode(activityId, type, name ?? descriptor?.DisplayName.ZhCN ?? type, descriptor?.DisplayName.EnUS ?? name ?? type,
                (double?)designer?["position"]?["x"] ?? 40 + 200 * column, (double?)designer?["position"]?["y"] ?? 40,
                (double?)designer?["size"]?["width"] ?? 160, (double?)designer?["size"]?["height"] ?? 60,
                runs.GetValueOrDefault(activityId), waiting.Contains(activityId)));
            column++;
        }
        var edges = new List<DiagramEdge>();
        foreach (var connection in root["connections"]?.AsArray() ?? [])
        {
            // Elsa 3's nested form, or the legacy flat one.
            var source = (string?)connection?["source"]?["activity"] ?? (string?)connection?["source"];
            var port = (string?)connection?["source"]?["port"] ?? (string?)connection?["sourcePort"] ?? "Done";
            var target = (string?)connection?["target"]?["activity"] ?? (string?)connection?["target"];
            if (source is null || target is null)
                continue;
            edges.Add(new DiagramEdge(source, port, target, outcomes.Contains((source, port)) && (runs.ContainsKey(target) || waiting.Contains(target))));
        }
        return TypedResults.Ok(new CaseWorkflowDiagram(version.DefinitionId, version.Version, version.Name, instance.Status.ToString(), nodes, edges));
    }
}
