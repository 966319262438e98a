using System.Text.Json.Nodes;
using CaseHub.Tests;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Workflows.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>The designer's dry-run engine: unpublished definitions, replayed choices, timers on a virtual clock, nothing stored.</summary>
public sealed class SimulatorTests : EngineTest
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);

    // A task racing a two-hour timeout, as in the shipped approval-with-timeout flow.
    private static WorkflowDocument Approval() => WorkflowJson.Parse(new FlowchartBuilder("sim-approval")
        .Start().Fork("fork", "work", "clock").HumanTask("approve", "managers", "Approved", "Rejected").Delay("timeout", "02:00:00")
        .Join("join", "WaitAny").WriteLine("after", "x")
        .Connect("start", "fork").Connect("fork", "approve", "work").Connect("fork", "timeout", "clock")
        .Connect("approve", "join", "Approved").Connect("approve", "join", "Rejected").Connect("timeout", "join").Connect("join", "after")
        .Build());

    private async Task<(WorkflowSimulator Simulator, DbContext Db, AsyncServiceScopeHolder Scope)> SimulateAsync(WorkflowDocument document, params SimulationChoice[] choices)
    {
        var scope = new AsyncServiceScopeHolder(Host.Scope());
        var db = scope.Services.GetRequiredService<DbContext>();
        var simulator = new WorkflowSimulator(db, scope.Services, document, Start);
        await simulator.StartAsync([], null, "tester", default);
        await simulator.RunAsync(choices, "tester", default);
        return (simulator, db, scope);
    }

    [Fact]
    public async Task WithoutChoices_ItStopsAtTheTask_ListingTheRacingTimer_AndStoresNothing()
    {
        var (simulator, _, scope) = await SimulateAsync(Approval());
        await using var _ = scope;

        var waits = simulator.Waits();
        waits.Select(w => (w.ActivityId, w.Kind)).ShouldBe([("approve", WaitKind.Task), ("timeout", WaitKind.Timer)]);
        waits[0].Outcomes.ShouldBe(["Approved", "Rejected"]);
        waits[1].DueAt.ShouldBe(Start.AddHours(2));
        simulator.Clock.Now.ShouldBe(Start);

        await using var check = Host.Scope();
        var stored = check.ServiceProvider.GetRequiredService<DbContext>();
        (await stored.Set<WorkflowInstance>().CountAsync()).ShouldBe(0);
        (await stored.Set<HumanTask>().CountAsync()).ShouldBe(0);
        (await stored.Set<WorkflowDefinitionVersion>().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ATaskChoice_TakesItsOutcomeAtOnce_AndATimerChoice_MovesTheVirtualClockToItsDueTime()
    {
        var (approved, _, first) = await SimulateAsync(Approval(), new SimulationChoice("approve", "Approved", null));
        await using (first)
        {
            approved.Instance!.Status.ShouldBe(WorkflowStatus.Finished);
            approved.Clock.Now.ShouldBe(Start);
            approved.Journal().ShouldContain(j => j.ActivityId == "approve" && j.Outcome == "Approved");
        }

        var (timedOut, _, second) = await SimulateAsync(Approval(), new SimulationChoice("timeout", WorkflowSimulator.TimerOutcome, null));
        await using (second)
        {
            timedOut.Instance!.Status.ShouldBe(WorkflowStatus.Finished);
            timedOut.Instance.FinishedAt.ShouldBe(Start.AddHours(2));
            timedOut.Tasks().ShouldHaveSingleItem().Status.ShouldBe(HumanTaskStatus.Cancelled);
        }
    }

    [Fact]
    public async Task TimersAlone_FireOnTheirOwn_UntilSomethingNeedsAChoice()
    {
        var document = WorkflowJson.Parse(new FlowchartBuilder("sim-delays")
            .Start().Delay("d1", "01:00:00").Delay("d2", "1.00:00:00").HumanTask("check", "q", "Done").Chain("start", "d1", "d2", "check").Build());

        var (simulator, _, scope) = await SimulateAsync(document);
        await using var _ = scope;

        simulator.Clock.Now.ShouldBe(Start.AddHours(25));
        simulator.Waits().ShouldHaveSingleItem().ActivityId.ShouldBe("check");
    }

    [Fact]
    public async Task AChoiceThatDoesNotFit_IsA400NamingTheChoice()
    {
        (await FieldOfErrorAsync(new SimulationChoice("after", "Done", null))).ShouldBe("choices[0].activityId");
        (await FieldOfErrorAsync(new SimulationChoice("approve", "Maybe", null))).ShouldBe("choices[0].outcome");
        (await FieldOfErrorAsync(new SimulationChoice("approve", WorkflowSimulator.EventOutcome, null))).ShouldBe("choices[0].outcome");
        // Once approved the flow has ended, so a later choice has nowhere to go.
        (await FieldOfErrorAsync(new SimulationChoice("approve", "Approved", null), new SimulationChoice("timeout", WorkflowSimulator.TimerOutcome, null)))
            .ShouldBe("choices[1].activityId");
    }

    private async Task<string> FieldOfErrorAsync(params SimulationChoice[] choices)
    {
        await using var scope = Host.Scope();
        var simulator = new WorkflowSimulator(scope.ServiceProvider.GetRequiredService<DbContext>(), scope.ServiceProvider, Approval(), Start);
        await simulator.StartAsync([], null, "tester", default);
        return (await Should.ThrowAsync<InvalidRequestException>(() => simulator.RunAsync(choices, "tester", default))).Field;
    }

    /// <summary>Keeps the simulation's scope (and its unsaved unit of work) alive while a test reads it.</summary>
    private sealed class AsyncServiceScopeHolder(AsyncServiceScope scope) : IAsyncDisposable
    {
        public IServiceProvider Services => scope.ServiceProvider;

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
