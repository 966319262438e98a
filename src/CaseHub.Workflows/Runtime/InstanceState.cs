using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;

namespace CaseHub.Workflows.Runtime;

/// <summary>A point where the instance waits: a task, a timer or an event bookmark created by an activity.</summary>
public sealed record WaitPoint(string ActivityId, WaitKind Kind, Guid BookmarkId);

/// <summary>The execution state kept in <c>workflow_instances.state_json</c>.</summary>
internal sealed class InstanceState
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public List<WaitPoint> Waiting { get; set; } = [];

    /// <summary>For each join, the inbound connections (source activity and port) that have delivered a token.</summary>
    public Dictionary<string, List<string>> JoinTokens { get; set; } = [];

    /// <summary>Outputs of completed activities by activity id, visible to expressions as <c>outputs</c>.</summary>
    public JsonObject Outputs { get; set; } = [];

    public int NextSequence { get; set; }

    /// <summary>Incidents not yet retried; while above zero the instance is Faulted.</summary>
    public int OpenIncidents { get; set; }

    public static InstanceState Read(string json) =>
        string.IsNullOrWhiteSpace(json) ? new InstanceState() : JsonSerializer.Deserialize<InstanceState>(json, Options) ?? new InstanceState();

    public string Write() => JsonSerializer.Serialize(this, Options);
}
