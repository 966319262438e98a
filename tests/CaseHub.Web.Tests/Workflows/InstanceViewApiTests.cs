using System.Net;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Tests;

namespace CaseHub.Web.Tests.Workflows;

/// <summary>What the designer's instance view and its definition-list drawer read (issue 6, section 6), over HTTP.</summary>
public abstract class InstanceViewApiTests(DatabaseProvider provider) : AppTest(provider)
{
    private Task PublishAsync(FlowchartBuilder flow) => Admin.PublishAsync(flow.Build());

    private async Task<InstanceDto> StartAsync(string definitionId, string? correlationId) =>
        await (await Admin.PostJsonAsync("/api/workflows/instances", new StartInstanceRequest(definitionId, null, null, correlationId))).ReadAsync<InstanceDto>(HttpStatusCode.Created);

    [Fact]
    public async Task AnInstanceCorrelatedWithACase_NamesTheCase_AndTheListCountsItsOpenIncidents()
    {
        var @case = await (await Admin.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Complaint", title = "路灯不亮", description = "小区门口的路灯坏了一个星期",
            complainant = new { name = "李四", phone = "13900001111" },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
        // A delay whose duration is not a duration faults at once, recording an incident.
        await PublishAsync(new FlowchartBuilder("view-faulty").Variable("span", "not a duration", "String")
            .Start().Delay("wait", In.Variable("span", "TimeSpan")).End().Chain("start", "wait", "end"));

        var faulted = await StartAsync("view-faulty", @case.Id.ToString());
        var other = await StartAsync("view-faulty", "not-a-case");

        faulted.Case.ShouldBe(new InstanceCaseDto(@case.Id, @case.TrackingNumber));
        other.Case.ShouldBeNull();
        (await (await Admin.GetAsync($"/api/workflows/instances/{faulted.Id}")).ReadAsync<InstanceDto>()).Case!.TrackingNumber.ShouldBe(@case.TrackingNumber);
        var listed = await (await Admin.GetAsync("/api/workflows/instances?definitionId=view-faulty&active=true")).ReadAsync<PagedResult<InstanceDto>>();
        listed.Items.Select(i => (i.Id, i.Status, i.OpenIncidents, i.Case?.TrackingNumber))
            .ShouldBe([(faulted.Id, "Faulted", 1, @case.TrackingNumber), (other.Id, "Faulted", 1, null)], ignoreOrder: true);
    }

    [Fact]
    public async Task TheActiveFilter_LeavesOutFinishedInstances()
    {
        await PublishAsync(new FlowchartBuilder("view-done").Start().WriteLine("say").End().Chain("start", "say", "end"));
        var finished = await StartAsync("view-done", null);
        finished.Status.ShouldBe("Finished");

        var active = await (await Admin.GetAsync("/api/workflows/instances?definitionId=view-done&active=true")).ReadAsync<PagedResult<InstanceDto>>();
        var all = await (await Admin.GetAsync("/api/workflows/instances?definitionId=view-done")).ReadAsync<PagedResult<InstanceDto>>();

        active.Total.ShouldBe(0);
        all.Items.ShouldHaveSingleItem().Id.ShouldBe(finished.Id);
    }
}

public sealed class InstanceViewApiTests_Sqlite() : InstanceViewApiTests(DatabaseProvider.Sqlite);

public sealed class InstanceViewApiTests_Postgres() : InstanceViewApiTests(DatabaseProvider.Postgres);
