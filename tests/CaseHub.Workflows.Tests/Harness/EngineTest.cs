using System.Text.Json.Nodes;
using CaseHub.Workflows.Persistence;

namespace CaseHub.Workflows.Tests.Harness;

/// <summary>Each test gets its own engine and database; nothing is shared between tests.</summary>
public abstract class EngineTest : IAsyncLifetime
{
    protected WorkflowTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await WorkflowTestHost.CreateAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Publishes the flowchart and starts an instance of it.</summary>
    protected async Task<WorkflowInstance> RunAsync(FlowchartBuilder flow, JsonObject? input = null, string? correlationId = null)
    {
        await Host.PublishAsync(flow);
        return await Host.StartAsync(flow.DefinitionId, input, correlationId);
    }
}
