using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Workflows.Runtime;

internal sealed record PublishedEvent(string Name, string? CorrelationId, JsonNode? Payload);

/// <summary>One run of one instance inside the caller's unit of work: loaded state plus what the run adds.</summary>
internal sealed class WorkflowExecution(
    WorkflowDocument document,
    WorkflowInstance instance,
    DbContext db,
    IServiceProvider services,
    ExpressionEvaluator evaluator,
    TimeProvider time,
    Dictionary<string, JsonNode?> globals,
    string? actor)
{
    public WorkflowDocument Document { get; } = document;
    public WorkflowInstance Instance { get; } = instance;
    public DbContext Db { get; } = db;
    public IServiceProvider Services { get; } = services;
    public ExpressionEvaluator Evaluator { get; } = evaluator;
    public string? Actor { get; } = actor;
    public Dictionary<string, JsonNode?> Globals { get; } = globals;
    public InstanceState State { get; } = InstanceState.Read(instance.StateJson);
    public JsonObject Variables { get; } = ParseObject(instance.VariablesJson);
    public JsonObject Input { get; } = ParseObject(instance.InputJson);
    public List<PublishedEvent> PublishedEvents { get; } = [];
    public bool FinishRequested { get; set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public Guid NewId() => Guid.CreateVersion7(time.GetUtcNow());

    public ExpressionScope Scope() => new()
    {
        Variables = Variables,
        Input = Input,
        Outputs = State.Outputs,
        Globals = Globals,
    };

    public void Journal(ActivityNode node, JournalEvent kind, string? outcome, string? message, DateTimeOffset? startedAt = null)
    {
        var now = Now;
        Db.Add(new WorkflowJournalEntry
        {
            Id = NewId(),
            InstanceId = Instance.Id,
            Sequence = State.NextSequence++,
            ActivityId = node.Id,
            ActivityType = node.Type,
            Event = kind,
            Outcome = outcome,
            Message = message is { Length: > 4000 } ? message[..4000] : message,
            Actor = Actor,
            StartedAt = startedAt ?? now,
            EndedAt = now,
        });
    }

    /// <summary>Writes the in-memory state back to the tracked instance row.</summary>
    public void Flush()
    {
        Instance.StateJson = State.Write();
        Instance.VariablesJson = Variables.ToJsonString();
        Instance.UpdatedAt = Now;
    }

    private static JsonObject ParseObject(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonNode.Parse(json) as JsonObject ?? [];
}
