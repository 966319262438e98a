using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Definitions;

public sealed class WorkflowDefinitionServiceTests : EngineTest
{
    private static string Flow(string text) => new FlowchartBuilder("drafted").Start().WriteLine("log", text).Chain("start", "log").Build();

    [Fact]
    public async Task SaveDraftThenPublish_InOneUnitOfWork_PublishesThatDraft()
    {
        var published = await Host.InScopeAsync(async sp =>
        {
            var definitions = sp.GetRequiredService<WorkflowDefinitionService>();
            var draft = await definitions.SaveDraftAsync(Flow("one"), null, "admin", default);
            return await definitions.PublishAsync("drafted", draft.RowVersion, "admin", default);
        });

        published.Status.ShouldBe(DefinitionStatus.Published);
        published.Version.ShouldBe(1);
        published.PublishedAt.ShouldBe(Host.Clock.UtcNow);
        var instance = await Host.StartAsync("drafted");
        (await Host.PathAsync(instance.Id)).ShouldContain("log:log:one");
    }

    [Fact]
    public async Task PublishingTwice_InOneUnitOfWork_FindsNoDraftTheSecondTime()
    {
        await Host.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitionService>().SaveDraftAsync(Flow("one"), null, "admin", default));

        var error = await Should.ThrowAsync<NotFoundException>(() => Host.InScopeAsync(async sp =>
        {
            var definitions = sp.GetRequiredService<WorkflowDefinitionService>();
            await definitions.PublishAsync("drafted", null, "admin", default);
            return await definitions.PublishAsync("drafted", null, "admin", default);
        }));

        error.What.ShouldBe("Draft of workflow");
    }

    [Fact]
    public async Task SaveDraft_OverSomeoneElsesEdit_ThrowsConflict()
    {
        var first = await Host.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitionService>().SaveDraftAsync(Flow("one"), null, "admin", default));
        await Host.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitionService>().SaveDraftAsync(Flow("two"), first.RowVersion, "admin", default));

        await Should.ThrowAsync<ConflictException>(() =>
            Host.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitionService>().SaveDraftAsync(Flow("three"), first.RowVersion, "other", default)));
    }

    [Fact]
    public async Task SaveDraft_OfMalformedJson_ThrowsInvalidRequestNamingThePath()
    {
        var error = await Should.ThrowAsync<InvalidRequestException>(() =>
            Host.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitionService>().SaveDraftAsync("""{"definitionId":"x","root":{"type":"Elsa.Flowchart","activities":[{"type":"Elsa.Start"}]}}""", null, "admin", default)));

        error.Field.ShouldBe("root.activities[0].id");
    }
}
