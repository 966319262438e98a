using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Activities;

/// <summary>What an activity sees while it runs: its node, the instance, expressions, and ways to wait.</summary>
public sealed class ActivityContext
{
    private readonly WorkflowExecution _execution;

    internal ActivityContext(WorkflowExecution execution, ActivityNode node)
    {
        _execution = execution;
        Node = node;
    }

    public ActivityNode Node { get; }
    public WorkflowDocument Document => _execution.Document;
    public WorkflowInstance Instance => _execution.Instance;
    public DbContext Db => _execution.Db;
    public IServiceProvider Services => _execution.Services;
    public DateTimeOffset Now => _execution.Now;
    public string? Actor => _execution.Actor;
    public JsonObject Variables => _execution.Variables;
    public JsonObject Input => _execution.Input;
    public JsonObject Outputs => _execution.State.Outputs;

    // ---- inputs ----

    /// <summary>Evaluates the input named <paramref name="name"/>; null when the node does not set it.</summary>
    public JsonNode? Evaluate(string name)
    {
        var input = Node.GetInput(name);
        return input is null ? null : Evaluate(input, name);
    }

    public JsonNode? Evaluate(InputExpression expression, string field)
    {
        try
        {
            return _execution.Evaluator.Evaluate(expression, _execution.Scope());
        }
        catch (ExpressionException e)
        {
            throw new ActivityInputException(field, e.Message, e);
        }
    }

    public string? GetString(string name, string? fallback = null) => AsString(Evaluate(name)) ?? fallback;

    public bool GetBool(string name, bool fallback = false) => Evaluate(name) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out bool b) => b,
        var n => AsString(n) is { } s && bool.TryParse(s, out var parsed) ? parsed : throw new ActivityInputException(name, $"'{AsString(n)}' is not true or false."),
    };

    public int GetInt(string name, int fallback = 0) => Evaluate(name) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out int i) => i,
        JsonValue v when v.TryGetValue(out double d) => (int)d,
        var n => int.TryParse(AsString(n), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new ActivityInputException(name, $"'{AsString(n)}' is not a whole number."),
    };

    /// <summary>A clock or working-time duration; null when the node does not set it. Negative durations are refused.</summary>
    public WorkflowDuration? GetDuration(string name)
    {
        var node = Evaluate(name);
        if (node is null || (node is JsonValue && string.IsNullOrWhiteSpace(AsString(node))))
            return null;
        if (!WorkflowDuration.TryRead(node, out var duration))
            throw new ActivityInputException(name, $"'{AsString(node)}' is not a duration (use {WorkflowDuration.Formats}).");
        return duration.Amount >= 0 ? duration : throw new ActivityInputException(name, "The duration must not be negative.");
    }

    /// <summary>Now plus the duration <paramref name="name"/>, working time counted on the host's calendar; null when not set.</summary>
    public async ValueTask<DateTimeOffset?> DueAtAsync(string name) =>
        GetDuration(name) is { } duration ? await Services.GetRequiredService<IWorkingTime>().AddAsync(Now, duration) : null;

    public DateTimeOffset? GetDateTime(string name)
    {
        var text = AsString(Evaluate(name));
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw new ActivityInputException(name, $"'{text}' is not a date and time.");
    }

    /// <summary>A list input, written either as a JSON array or as comma-separated text.</summary>
    public IReadOnlyList<string> GetStringList(string name) => ReadStringList(Evaluate(name));

    public static IReadOnlyList<string> ReadStringList(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(AsString).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim())],
        _ when AsString(node) is { } text && text.TrimStart().StartsWith('[') => ReadStringList(JsonNode.Parse(text)),
        _ => [.. (AsString(node) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
    };

    public static string? AsString(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    // ---- state ----

    public void SetVariable(string name, JsonNode? value) => Variables[name] = value?.DeepClone();

    /// <summary>Records this activity's output, visible to later expressions as <c>outputs[activityId]</c>.</summary>
    public void SetOutput(JsonNode? value) => Outputs[Node.Id] = value?.DeepClone();

    public void Log(string message) => _execution.Journal(Node, JournalEvent.Log, null, message);

    /// <summary>
    /// This node's tasks, timers and event waits that are still open, for activities that wait on several
    /// at once. Whatever is still open when the activity completes is cancelled by the runtime.
    /// </summary>
    public IReadOnlyList<WaitPoint> PendingWaits => [.. _execution.State.Waiting.Where(w => w.ActivityId == Node.Id)];

    // ---- waiting ----

    public HumanTask CreateTask(string title, string candidateGroup, IReadOnlyList<string> outcomes,
        string? assignee = null, int priority = 0, DateTimeOffset? dueAt = null)
    {
        var task = new HumanTask
        {
            Id = _execution.NewId(),
            InstanceId = Instance.Id,
            ActivityId = Node.Id,
            ActivityType = Node.Type,
            Title = title,
            CandidateGroup = candidateGroup,
            Assignee = assignee,
            Priority = priority,
            DueAt = dueAt,
            OutcomesJson = JsonSerializer.Serialize(outcomes),
            CorrelationId = Instance.CorrelationId,
            CreatedAt = Now,
        };
        Db.Add(task);
        _execution.State.Waiting.Add(new WaitPoint(Node.Id, WaitKind.Task, task.Id));
        return task;
    }

    public WorkflowTimer CreateTimer(DateTimeOffset dueAt)
    {
        var timer = new WorkflowTimer
        {
            Id = _execution.NewId(),
            Kind = WorkflowTimers.ResumeKind,
            DueAt = dueAt,
            InstanceId = Instance.Id,
            ActivityId = Node.Id,
            CreatedAt = Now,
        };
        Db.Add(timer);
        _execution.State.Waiting.Add(new WaitPoint(Node.Id, WaitKind.Timer, timer.Id));
        return timer;
    }

    public WorkflowEventBookmark WaitForEvent(string eventName, string? correlationId)
    {
        var bookmark = new WorkflowEventBookmark
        {
            Id = _execution.NewId(),
            InstanceId = Instance.Id,
            ActivityId = Node.Id,
            EventName = eventName,
            CorrelationId = string.IsNullOrWhiteSpace(correlationId) ? null : correlationId,
            CreatedAt = Now,
        };
        Db.Add(bookmark);
        _execution.State.Waiting.Add(new WaitPoint(Node.Id, WaitKind.Event, bookmark.Id));
        return bookmark;
    }

    /// <summary>Delivers an event to every instance waiting for it, in the same transaction, once this run settles.</summary>
    public void PublishEvent(string eventName, string? correlationId, JsonNode? payload) =>
        _execution.PublishedEvents.Add(new PublishedEvent(eventName, correlationId, payload));
}

/// <summary>An input could not be evaluated or converted. Becomes an incident naming the input.</summary>
public sealed class ActivityInputException(string input, string message, Exception? inner = null)
    : Exception($"Input '{input}': {message}", inner)
{
    public string Input { get; } = input;
}
