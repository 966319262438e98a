using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Runtime;

public sealed class VersionPinningTests : EngineTest
{
    private static FlowchartBuilder Version(string text) => new FlowchartBuilder("pinned")
        .Start().HumanTask("task", "queue").WriteLine("say", text).Chain("start", "task", "say");

    [Fact]
    public async Task Resume_AfterANewVersionIsPublished_FollowsTheVersionTheInstanceStartedOn()
    {
        var v1 = await Host.PublishAsync(Version("v1"));
        var old = await Host.StartAsync("pinned");

        var v2 = await Host.PublishAsync(Version("v2"));
        var fresh = await Host.StartAsync("pinned");
        await Host.CompleteOpenTaskAsync(old.Id, "task", "Done");
        await Host.CompleteOpenTaskAsync(fresh.Id, "task", "Done");

        v1.Version.ShouldBe(1);
        v2.Version.ShouldBe(2);
        var oldSaved = await Host.InstanceAsync(old.Id);
        oldSaved.DefinitionVersionId.ShouldBe(v1.Id);
        oldSaved.DefinitionVersion.ShouldBe(1);
        (await Host.PathAsync(old.Id)).ShouldContain("say:log:v1");
        (await Host.InstanceAsync(fresh.Id)).DefinitionVersion.ShouldBe(2);
        (await Host.PathAsync(fresh.Id)).ShouldContain("say:log:v2");
    }

    [Fact]
    public async Task Resume_FollowsTheOldGraph_WhenTheNewVersionRewiresIt()
    {
        await Host.SaveDraftAndPublishAsync(Version("v1").Build());
        var old = await Host.StartAsync("pinned");
        var rewired = new FlowchartBuilder("pinned").Start().HumanTask("task", "queue").WriteLine("other", "v2 path").Chain("start", "task", "other");
        var v2 = await Host.SaveDraftAndPublishAsync(rewired.Build());

        await Host.CompleteOpenTaskAsync(old.Id, "task", "Done");

        v2.Version.ShouldBe(2);
        (await Host.RouteAsync(old.Id)).ShouldBe(["start:Done", "task:resumed:Done", "say:Done"]);
    }

    [Fact]
    public async Task ImportingTheSameFileAgain_AddsNoVersion()
    {
        var json = Version("v1").Build();
        await Host.PublishAsync(json);

        var again = await Host.InScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<CaseHub.Workflows.Definitions.WorkflowDefinitionService>(sp).ImportPublishedAsync(json, "admin", default));

        again.ShouldBeNull();
        (await Host.RowCountsAsync())["definitions"].ShouldBe(1);
    }

    [Fact]
    public async Task Start_OfADraft_ThrowsInvalidState()
    {
        var draft = await Host.InScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<CaseHub.Workflows.Definitions.WorkflowDefinitionService>(sp).SaveDraftAsync(Version("draft").Build(), null, "admin", default));

        await Should.ThrowAsync<InvalidStateException>(() => Host.StartAsync(draft));
        await Should.ThrowAsync<NotFoundException>(() => Host.StartAsync("pinned"));
        (await Host.RowCountsAsync())["instances"].ShouldBe(0);
        draft.Status.ShouldBe(DefinitionStatus.Draft);
    }
}
