using CaseHub.Workflows.Persistence;

namespace CaseHub.Workflows.Runtime;

public static class WorkflowInstanceExtensions
{
    /// <summary>The tasks, timers and events the instance waits on, from its stored state.</summary>
    public static IReadOnlyList<WaitPoint> WaitingPoints(this WorkflowInstance instance) => InstanceState.Read(instance.StateJson).Waiting;
}
