using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Reply;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Reply;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Cases;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Timers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseHub.Web.Tests.Reply;

/// <summary>
/// Issue 4 §6, 一个口子出: the reply through the case's channel by the outbox (webhook with retries and a dead letter, SMS,
/// Open311, the status page), merged complainants getting the parent's reply (issue 3), and the callback: satisfied closes,
/// not satisfied reopens to the same department and then goes to arbitration, no answer closes after the configured days.
/// </summary>
public abstract class ReplyTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Phone = "13812341234";
    private const string WebhookUrl = "http://hotline.test/replies";

    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;
    private WebApplicationFactory<Program> _host = null!;
    private readonly LogCapture _logs = new();

    public async Task InitializeAsync() => _database = await TestDatabases.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync(); // disposes _host with it
        await _database.DisposeAsync();
    }

    /// <summary>The real host with complaints on the standard flow, a fake webhook receiver when given, and logs captured.</summary>
    private async Task StartAsync(Dictionary<string, string?>? settings = null, FakeWebhook? webhook = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["Intake:Workflows:*.Complaint"] = "standard-case" };
        _app = new CaseHubApp(_database, settings: all);
        _host = _app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            if (webhook is not null)
                services.AddHttpClient(WebhookReplyAdapter.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => webhook);
        }));
        _ = _host.Server;
        await OrgData.SeedAsync(_app);
        await using var db = _app.NewDbContext();
        await TestStaff.EnsureAsync(db, "agent");
    }

    private HttpClient Client
    {
        get
        {
            var client = _host.CreateClient();
            client.DefaultRequestHeaders.Add("X-CaseHub-User", "agent");
            return client;
        }
    }

    private Task<int> FireDueTimersAsync() => _host.Services.GetRequiredService<TimerDispatcher>().FireDueAsync();

    private async Task<CaseDto> ReceiveAsync(string channel, string phone = Phone, string? externalId = null) =>
        await (await Client.PostJsonAsync("/api/cases", new
        {
            channel, externalId, kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了，晚上很危险",
            complainant = new { name = "张三", phone },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);

    private async Task<CaseDto> CaseAsync(Guid id) => await (await Client.GetAsync($"/api/cases/{id}")).ReadAsync<CaseDto>();

    /// <summary>The open task of this case in this queue (several cases may wait in one queue).</summary>
    private async Task<TaskDto?> TaskOfAsync(Guid caseId, string group)
    {
        var page = await (await Client.GetAsync($"/api/tasks?candidateGroup={Uri.EscapeDataString(group)}&pageSize=200")).ReadAsync<PagedResult<TaskDto>>();
        return page.Items.SingleOrDefault(t => t.CorrelationId == caseId.ToString());
    }

    private async Task<HttpResponseMessage> CompleteAsync(Guid caseId, string group, string outcome, JsonObject? form = null)
    {
        var task = (await TaskOfAsync(caseId, group)).ShouldNotBeNull($"an open task in {group}");
        return await Client.PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest(outcome, form ?? []));
    }

    private async Task CompleteOkAsync(Guid caseId, string group, string outcome, JsonObject? form = null)
    {
        var response = await CompleteAsync(caseId, group, outcome, form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Dispatch to roads, handle with <paramref name="result"/>, approve: the reply goes out and the callback waits.</summary>
    private async Task HandleAndApproveAsync(Guid caseId, string result = "已补装井盖", bool dispatch = true)
    {
        if (dispatch)
            await CompleteOkAsync(caseId, "dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        await CompleteOkAsync(caseId, "dept:roads", "Completed", new JsonObject { ["result"] = result });
        await CompleteOkAsync(caseId, "review", "Approved");
    }

    private async Task<List<OutboxMessageDto>> OutboxAsync(string query = "") =>
        [.. (await (await Client.GetAsync($"/api/outbox?pageSize=200{query}")).ReadAsync<PagedResult<OutboxMessageDto>>()).Items];

    private static JsonObject Answer(bool? resolved) => resolved is { } r ? new JsonObject { ["resolved"] = r } : [];

    [Fact]
    public async Task AHotlineReply_GoesToTheWebhook_IsRetriedWithBackoff_AndDeliveredOnceUnderOneMessageId()
    {
        var webhook = new FakeWebhook(failures: 2);
        await StartAsync(new() { ["Reply:Webhook:Url"] = WebhookUrl }, webhook);
        var created = await ReceiveAsync("Hotline", externalId: "HL-0001");
        await HandleAndApproveAsync(created.Id);

        var message = (await OutboxAsync()).ShouldHaveSingleItem();
        (message.Adapter, message.Status, message.CaseId, message.Text).ShouldBe(("Webhook", "Pending", created.Id, "已补装井盖"));
        (await CaseAsync(created.Id)).ReplyText.ShouldBe("已补装井盖");

        (await FireDueTimersAsync()).ShouldBe(1);
        var failed = (await OutboxAsync()).Single();
        (failed.Status, failed.Attempts).ShouldBe(("Pending", 1));
        failed.LastError!.ShouldContain("503");
        failed.NextAttemptAt.ShouldBe(_app.Time.GetUtcNow() + TimeSpan.FromSeconds(30));

        // Back-off doubles from 30 s: nothing is tried before the next attempt is due.
        _app.Time.Advance(TimeSpan.FromSeconds(29));
        (await FireDueTimersAsync()).ShouldBe(0);
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        (await FireDueTimersAsync()).ShouldBe(1);
        _app.Time.Advance(TimeSpan.FromSeconds(59));
        (await FireDueTimersAsync()).ShouldBe(0);
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        (await FireDueTimersAsync()).ShouldBe(1);

        var delivered = (await OutboxAsync()).Single();
        (delivered.Status, delivered.Attempts, delivered.DeliveredAt).ShouldBe(("Delivered", 3, _app.Time.GetUtcNow()));
        _app.Time.Advance(TimeSpan.FromHours(2));
        (await FireDueTimersAsync()).ShouldBe(0);
        webhook.Requests.Count.ShouldBe(3);
        webhook.Requests.ShouldAllBe(r => r.MessageIdHeader == message.Id.ToString() && r.Body.GetProperty("messageId").GetGuid() == message.Id);
        var body = webhook.Requests[^1].Body;
        (body.GetProperty("trackingNumber").GetString(), body.GetProperty("externalId").GetString(), body.GetProperty("text").GetString())
            .ShouldBe((created.TrackingNumber, "HL-0001", "已补装井盖"));
        body.GetRawText().ShouldNotContain(Phone);
    }

    [Fact]
    public async Task AReplyTheWebhookKeepsRefusing_IsADeadLetterAfterMaxAttempts_AndTheRetryEndpointSendsItAgain()
    {
        var webhook = new FakeWebhook(failures: 3);
        await StartAsync(new() { ["Reply:Webhook:Url"] = WebhookUrl, ["Reply:MaxAttempts"] = "3" }, webhook);
        var created = await ReceiveAsync("Hotline");
        await HandleAndApproveAsync(created.Id);

        (await FireDueTimersAsync()).ShouldBe(1);
        _app.Time.Advance(TimeSpan.FromSeconds(30));
        (await FireDueTimersAsync()).ShouldBe(1);
        _app.Time.Advance(TimeSpan.FromSeconds(60));
        (await FireDueTimersAsync()).ShouldBe(1);
        _app.Time.Advance(TimeSpan.FromDays(1));
        (await FireDueTimersAsync()).ShouldBe(0, "a dead letter is not tried again by itself");

        (await OutboxAsync("&status=Pending")).ShouldBeEmpty();
        var dead = (await OutboxAsync("&status=DeadLetter")).ShouldHaveSingleItem();
        (dead.Attempts, dead.TrackingNumber, dead.NextAttemptAt).ShouldBe((3, created.TrackingNumber, null));
        dead.DeadLetteredAt.ShouldNotBeNull();
        dead.LastError!.ShouldContain("503");
        webhook.Requests.Count.ShouldBe(3);

        (await Client.PostAsync($"/api/outbox/{Guid.NewGuid()}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var retried = await (await Client.PostAsync($"/api/outbox/{dead.Id}/retry", null)).ReadAsync<OutboxMessageDto>();
        (retried.Status, retried.Attempts).ShouldBe(("Pending", 0));
        var again = await (await Client.PostAsync($"/api/outbox/{dead.Id}/retry", null)).ReadProblemAsync(HttpStatusCode.Conflict);
        again.GetProperty("detail").GetString()!.ShouldContain("dead letter");

        (await FireDueTimersAsync()).ShouldBe(1);
        var delivered = (await OutboxAsync()).ShouldHaveSingleItem();
        (delivered.Id, delivered.Status, delivered.Attempts).ShouldBe((dead.Id, "Delivered", 1));
        webhook.Requests.Count.ShouldBe(4);
        webhook.Requests.Select(r => r.MessageIdHeader).Distinct().ShouldBe([dead.Id.ToString()]);
    }

    [Fact]
    public async Task WithoutAWebhookUrl_AHotlineReplyIsTextedThroughTheLoggingSmsGateway_WithoutPersonalDataInTheLog()
    {
        await StartAsync();
        var created = await ReceiveAsync("Hotline");
        await HandleAndApproveAsync(created.Id, "已补装井盖，感谢反映");

        (await FireDueTimersAsync()).ShouldBe(1);

        var message = (await OutboxAsync()).ShouldHaveSingleItem();
        (message.Adapter, message.Status, message.Attempts).ShouldBe(("Sms", "Delivered", 1));
        var sms = _logs.Messages.Where(m => m.Contains("logging gateway", StringComparison.Ordinal)).ShouldHaveSingleItem();
        sms.ShouldContain(message.Id.ToString());
        sms.ShouldContain("138****1234");
        sms.ShouldNotContain(Phone);
        _logs.Messages.ShouldAllBe(m => !m.Contains("已补装井盖"));
    }

    [Fact]
    public async Task AHotlineCaseWithoutAPhoneNumber_IsADeadLetterAtOnce()
    {
        await StartAsync();
        var created = await (await Client.PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了" }))
            .ReadAsync<CaseDto>(HttpStatusCode.Created);
        await HandleAndApproveAsync(created.Id);

        (await FireDueTimersAsync()).ShouldBe(1);

        var dead = (await OutboxAsync("&status=DeadLetter")).ShouldHaveSingleItem();
        dead.Attempts.ShouldBe(1);
        dead.LastError!.ShouldContain("no phone number");
    }

    [Fact]
    public async Task AnOpen311Request_ShowsTheReplyAsItsStatusNotes_OnceDelivered()
    {
        await StartAsync();
        var created = await ReceiveAsync("Open311");
        await HandleAndApproveAsync(created.Id, "井盖已补装，请放心通行");
        var open311 = _host.CreateClient();

        async Task<string?> StatusNotesAsync() =>
            (await (await open311.GetAsync($"/open311/v2/requests/{created.TrackingNumber}.json")).ReadAsync<JsonElement>())[0].GetProperty("status_notes").GetString();

        (await StatusNotesAsync()).ShouldBe("已办结");
        (await FireDueTimersAsync()).ShouldBe(1);
        (await OutboxAsync()).ShouldHaveSingleItem().Adapter.ShouldBe("Open311");
        (await StatusNotesAsync()).ShouldBe("井盖已补装，请放心通行");
    }

    [Fact]
    public async Task TheStatusPage_ShowsTheDeliveredReply_ToTheRightPhoneDigitsOnly()
    {
        await StartAsync();
        var created = await ReceiveAsync("CitizenApp");
        var anonymous = _host.CreateClient();
        var url = $"/api/public/cases/{created.TrackingNumber}";

        var before = await (await anonymous.GetAsync($"{url}?phone=1234")).ReadAsync<JsonElement>();
        before.GetProperty("status").GetString().ShouldBe("PendingDispatch");
        before.GetProperty("reply").ValueKind.ShouldBe(JsonValueKind.Null);

        await HandleAndApproveAsync(created.Id, "已补装井盖");
        (await FireDueTimersAsync()).ShouldBe(1);
        (await OutboxAsync()).ShouldHaveSingleItem().Adapter.ShouldBe("StatusPage");

        var response = await anonymous.GetAsync($"{url}?phone=1234");
        var raw = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, raw);
        var after = JsonDocument.Parse(raw).RootElement;
        (after.GetProperty("statusName").GetString(), after.GetProperty("reply").GetString()).ShouldBe(("已办结", "已补装井盖"));
        after.GetProperty("repliedAt").GetDateTimeOffset().ShouldBe(_app.Time.GetUtcNow());
        raw.ShouldNotContain("张");
        raw.ShouldNotContain(Phone);
        raw.ShouldNotContain("路口井盖丢了");

        // Wrong, missing or malformed digits look exactly like a case that does not exist.
        foreach (var wrong in new[] { "?phone=4321", "", "?phone=234", "?phone=abcd", "?phone=12341234" })
            await (await anonymous.GetAsync(url + wrong)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/public/cases/2099010100001?phone=1234")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MergedDuplicates_GetTheParentsReply_ThroughTheirOwnChannel_WhetherMergedBeforeOrAfterIt()
    {
        await StartAsync();
        var parent = await ReceiveAsync("Hotline");
        var mergedBefore = await ReceiveAsync("CitizenApp", phone: "13900005678");
        var mergedAfter = await ReceiveAsync("Open311", phone: "13700009999");
        (await Client.PostJsonAsync($"/api/cases/{mergedBefore.Id}/merge", new MergeRequest(parent.TrackingNumber))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await HandleAndApproveAsync(parent.Id, "已补装井盖");
        var messages = await OutboxAsync();
        messages.Select(m => (m.CaseId, m.Adapter)).ShouldBe([(parent.Id, "Sms"), (mergedBefore.Id, "StatusPage")], ignoreOrder: true);
        messages.Select(m => m.Id).Distinct().Count().ShouldBe(2);

        (await Client.PostJsonAsync($"/api/cases/{mergedAfter.Id}/merge", new MergeRequest(parent.TrackingNumber))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var late = (await OutboxAsync($"&caseId={mergedAfter.Id}")).ShouldHaveSingleItem();
        (late.Adapter, late.Text).ShouldBe(("Open311", "已补装井盖"));
        (await CaseAsync(mergedAfter.Id)).ReplyText.ShouldBe("已补装井盖");

        (await FireDueTimersAsync()).ShouldBe(3);
        (await OutboxAsync("&status=Delivered")).Count.ShouldBe(3);
        var page = await (await _host.CreateClient().GetAsync($"/api/public/cases/{mergedBefore.TrackingNumber}?phone=5678")).ReadAsync<JsonElement>();
        (page.GetProperty("status").GetString(), page.GetProperty("reply").GetString()).ShouldBe(("Merged", "已补装井盖"));
    }

    [Fact]
    public async Task ASatisfiedCallback_ClosesTheCase_AndAnAnswerWithoutResolvedIs400()
    {
        await StartAsync();
        var created = await ReceiveAsync("CitizenApp");
        await HandleAndApproveAsync(created.Id);
        var waiting = await CaseAsync(created.Id);
        (waiting.Status, waiting.ReplyText).ShouldBe(("Completed", "已补装井盖"));
        // Due when the callback stage's 3 working days run out (from Monday 09:00: Wednesday at closing time), before the auto-close.
        (await TaskOfAsync(created.Id, "callback")).ShouldNotBeNull().DueAt.ShouldBe(new DateTimeOffset(2025, 3, 5, 17, 30, 0, TimeSpan.FromHours(8)));

        var invalid = await (await CompleteAsync(created.Id, "callback", "Satisfied")).ReadProblemAsync(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").TryGetProperty("formData.resolved", out _).ShouldBeTrue();
        await CompleteOkAsync(created.Id, "callback", "Satisfied", Answer(true));

        var closed = await CaseAsync(created.Id);
        (closed.Status, closed.CallbackResult, closed.CallbackResolved, closed.CallbackAt).ShouldBe(("Closed", "Satisfied", true, _app.Time.GetUtcNow()));
        (await (await Client.GetAsync($"/api/workflows/instances/{created.WorkflowInstanceId}")).ReadAsync<InstanceDto>()).Status.ShouldBe("Finished");
        // The auto-close timer went with the answered task: later, only the reply's delivery fires.
        _app.Time.Advance(TimeSpan.FromDays(10));
        (await FireDueTimersAsync()).ShouldBe(1);
        (await CaseAsync(created.Id)).CallbackResult.ShouldBe("Satisfied");
    }

    [Fact]
    public async Task TheCitizen_RatesOnTheStatusPage_WhileTheCallbackWaits_AndTheCaseCloses()
    {
        await StartAsync();
        var created = await ReceiveAsync("CitizenApp");
        var anonymous = _host.CreateClient();
        var url = $"/api/public/cases/{created.TrackingNumber}";
        var rating = new { result = "Satisfied", resolved = true, comment = "处理很快" };
        (await anonymous.PostJsonAsync($"{url}/rating?phone={Phone[^4..]}", rating)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await anonymous.GetAsync($"{url}?phone={Phone[^4..]}")).ReadAsync<JsonElement>()).GetProperty("callbackDue").GetBoolean().ShouldBeFalse();

        await HandleAndApproveAsync(created.Id);
        var page = await (await anonymous.GetAsync($"{url}?phone={Phone[^4..]}")).ReadAsync<JsonElement>();
        page.GetProperty("callbackDue").GetBoolean().ShouldBeTrue();
        page.GetProperty("departmentName").GetString().ShouldNotBeNullOrEmpty();
        (await anonymous.PostJsonAsync($"{url}/rating?phone=0000", rating)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await anonymous.PostJsonAsync($"{url}/rating?phone={Phone[^4..]}", new { result = "Happy", resolved = true }))
            .ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("result", out _).ShouldBeTrue();
        (await anonymous.PostJsonAsync($"{url}/rating?phone={Phone[^4..]}", rating)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var closed = await CaseAsync(created.Id);
        (closed.Status, closed.CallbackResult, closed.CallbackResolved).ShouldBe(("Closed", "Satisfied", true));
        (await TaskOfAsync(created.Id, "callback")).ShouldBeNull();
    }

    [Fact]
    public async Task NotSatisfied_ReopensToTheSameDepartment_UpToTheLimit_ThenGoesToArbitration()
    {
        await StartAsync();
        var created = await ReceiveAsync("CitizenApp");
        await HandleAndApproveAsync(created.Id, "第一次办理");

        await CompleteOkAsync(created.Id, "callback", "NotSatisfied", Answer(false));
        var reopened = await CaseAsync(created.Id);
        (reopened.Status, reopened.ReopenCount, reopened.CallbackResult, reopened.CallbackResolved).ShouldBe(("Dispatched", 1, "NotSatisfied", false));
        (await TaskOfAsync(created.Id, "dept:roads")).ShouldNotBeNull().ActivityId.ShouldBe("handle");

        await HandleAndApproveAsync(created.Id, "第二次办理", dispatch: false);
        (await CaseAsync(created.Id)).ReplyText.ShouldBe("第二次办理");
        await CompleteOkAsync(created.Id, "callback", "NotSatisfied", Answer(false));
        (await CaseAsync(created.Id)).ReopenCount.ShouldBe(2);

        await HandleAndApproveAsync(created.Id, "第三次办理", dispatch: false);
        await CompleteOkAsync(created.Id, "callback", "NotSatisfied", Answer(false));

        var disputed = await CaseAsync(created.Id);
        (disputed.ReopenCount, disputed.Status, disputed.DepartmentId).ShouldBe((2, "PendingDispatch", reopened.DepartmentId));
        (await TaskOfAsync(created.Id, "centre:3301")).ShouldNotBeNull(); // arbitration, at the centre above the (unlocated) case: the city's
        (await TaskOfAsync(created.Id, "dept:roads")).ShouldBeNull();
        (await OutboxAsync()).Select(m => m.Text).ShouldBe(["第一次办理", "第二次办理", "第三次办理"], ignoreOrder: true);
    }

    [Fact]
    public async Task AnUnansweredCallback_ClosesTheCaseAfterTheConfiguredDays()
    {
        await StartAsync(new() { ["Callback:AutoCloseAfterDays"] = "5" });
        var created = await ReceiveAsync("CitizenApp");
        await HandleAndApproveAsync(created.Id);
        (await FireDueTimersAsync()).ShouldBe(1); // the reply

        _app.Time.Advance(TimeSpan.FromDays(5) - TimeSpan.FromSeconds(1));
        await FireDueTimersAsync(); // the callback clock's cards (3 working days) fall first; the case stays open
        (await CaseAsync(created.Id)).Status.ShouldBe("Completed");

        _app.Time.Advance(TimeSpan.FromSeconds(1));
        (await FireDueTimersAsync()).ShouldBe(1);

        var closed = await CaseAsync(created.Id);
        (closed.Status, closed.CallbackResult, closed.CallbackResolved, closed.ClosedAt).ShouldBe(("Closed", "NoAnswer", null, _app.Time.GetUtcNow()));
        (await TaskOfAsync(created.Id, "callback")).ShouldBeNull();
    }

    [Fact]
    public async Task AReplyWhoseStateChangeRollsBack_LeavesNoOutboxMessage()
    {
        await StartAsync();
        var created = await ReceiveAsync("CitizenApp");
        await CompleteOkAsync(created.Id, "dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        await CompleteOkAsync(created.Id, "dept:roads", "Completed", new JsonObject { ["result"] = "已补装井盖" });
        await RefuseRepliesAsync(refuse: true);

        (await CompleteAsync(created.Id, "review", "Approved")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        await using (var db = _app.NewDbContext())
        {
            (await db.Set<OutboxMessage>().CountAsync()).ShouldBe(0);
            (await db.Set<WorkflowTimer>().CountAsync(t => t.Kind == ReplyOutbox.DeliverKind)).ShouldBe(0);
        }
        (await CaseAsync(created.Id)).ReplyText.ShouldBeNull();
        (await TaskOfAsync(created.Id, "review")).ShouldNotBeNull("the review is still open");

        await RefuseRepliesAsync(refuse: false);
        await CompleteOkAsync(created.Id, "review", "Approved");
        (await OutboxAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ParallelApprovalsOfOneReview_GiveOneSuccessAndConflicts_AndOneReply()
    {
        await StartAsync();
        var created = await ReceiveAsync("CitizenApp");
        await CompleteOkAsync(created.Id, "dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        await CompleteOkAsync(created.Id, "dept:roads", "Completed", new JsonObject { ["result"] = "已补装井盖" });
        var review = (await TaskOfAsync(created.Id, "review")).ShouldNotBeNull();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Client.PostJsonAsync($"/api/tasks/{review.Id}/complete", new CompleteTaskRequest("Approved", []))));

        var codes = responses.Select(r => r.StatusCode).ToList();
        codes.Count(c => c == HttpStatusCode.OK).ShouldBe(1, string.Join(",", codes));
        codes.Count(c => c == HttpStatusCode.Conflict).ShouldBe(9, string.Join(",", codes));
        (await OutboxAsync()).ShouldHaveSingleItem();
        (await TaskOfAsync(created.Id, "callback")).ShouldNotBeNull();
    }

    /// <summary>A trigger that makes the database refuse any case update that records a reply, so the whole transaction fails.</summary>
    private async Task RefuseRepliesAsync(bool refuse)
    {
        await using var db = _app.NewDbContext();
        string[] statements = (provider, refuse) switch
        {
            (DatabaseProvider.Sqlite, true) =>
                ["CREATE TRIGGER refuse_reply BEFORE UPDATE ON cases WHEN NEW.reply_text IS NOT NULL BEGIN SELECT RAISE(ABORT, 'replies refused by the test'); END"],
            (DatabaseProvider.Sqlite, false) => ["DROP TRIGGER refuse_reply"],
            (_, true) =>
            [
                "CREATE FUNCTION refuse_reply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'replies refused by the test'; END $$",
                "CREATE TRIGGER refuse_reply BEFORE UPDATE ON cases FOR EACH ROW WHEN (NEW.reply_text IS NOT NULL) EXECUTE FUNCTION refuse_reply()",
            ],
            (_, false) => ["DROP TRIGGER refuse_reply ON cases", "DROP FUNCTION refuse_reply()"],
        };
        foreach (var sql in statements)
            await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>The hotline system: answers 503 to the first <paramref name="failures"/> requests, then 200, and keeps what it got.</summary>
    private sealed class FakeWebhook(int failures) : HttpMessageHandler
    {
        public List<(string? MessageIdHeader, JsonElement Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri.ShouldBe(new Uri(WebhookUrl));
            var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
            var header = request.Headers.TryGetValues(WebhookReplyAdapter.MessageIdHeader, out var values) ? values.Single() : null;
            lock (Requests)
            {
                Requests.Add((header, body));
                return new HttpResponseMessage(Requests.Count <= failures ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
            }
        }
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}

public sealed class ReplyTests_Sqlite() : ReplyTests(DatabaseProvider.Sqlite);

public sealed class ReplyTests_Postgres() : ReplyTests(DatabaseProvider.Postgres);
