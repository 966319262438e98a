using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Demo;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Access;

/// <summary>
/// Every endpoint × every role × a case in and out of the user's jurisdiction, through HTTP against the demo city.
/// A user outside an endpoint's roles or the case's jurisdiction must get 401, 403 or 404 and nothing of the case;
/// lists must leave the case out. The endpoint table must name every endpoint the app maps, so a new endpoint
/// without an entry fails here until someone decides who may call it.
/// </summary>
public abstract class AuthorizationMatrixTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Cases"] = "0",
            ["Intake:DefaultWorkflow"] = "standard-case",
            ["Auth:PublicRequestsPerMinute"] = "1000",
        });
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed record User(string Name, string Tag);

    private enum Kind
    {
        /// <summary>About the case: only the allowed users get past 401/403/404, and nobody else sees the case in the body.</summary>
        Direct,
        /// <summary>Like Direct, but the target does not exist (or is not the case's), so allowed users may get 404.</summary>
        Elsewhere,
        /// <summary>A list: users outside the role get 401/403; inside it, only those who see the case find it in the body.</summary>
        List,
    }

    private sealed record Probe(string Method, string Pattern, string Url, Kind Kind, Func<User, bool> Allowed, string? Body = "{}", Func<User, bool>? Finds = null);

    [Fact]
    public async Task EveryEndpoint_AnswersEachRoleAndJurisdictionAsAllowed_AndNothingLeaks()
    {
        var city = new DemoCity();
        var grid = city.Grids.First(g => g.DistrictCode == "990102");
        var otherGrid = city.Grids.First(g => g.DistrictCode == "990103");
        using var admin = _app.ClientFor("admin");

        // A complaint in 临北区, dispatched to a 临北区 department.
        var created = await (await admin.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Complaint", title = "小区门口占道经营", description = "每天晚上有摊贩占道经营，影响通行",
            location = new { lat = grid.CentreLat, lng = grid.CentreLng }, complainant = new { name = "张三", phone = "13812345678" },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
        var department = city.Departments.First(d => d.OrgUnitCode == "990102");
        if (created.Status == "PendingDispatch")
        {
            var dispatchTask = (await (await admin.GetAsync("/api/tasks?candidateGroup=dispatch")).ReadAsync<PagedResult<TaskDto>>()).Items.Single();
            (await admin.PostJsonAsync($"/api/tasks/{dispatchTask.Id}/complete", new CompleteTaskRequest("Dispatched", new JsonObject { ["departmentCode"] = department.Code })))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var @case = await (await admin.GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>();
        @case.Status.ShouldBe("Dispatched");
        await using (var db = _app.NewDbContext())
        {
            var departmentCode = await db.Set<Department>().Where(d => d.Id == @case.DepartmentId).Select(d => d.Code).SingleAsync();
            department = city.Departments.Single(d => d.Code == departmentCode);
        }
        var otherDepartment = city.Departments.First(d => d.OrgUnitCode == "990103");
        var task = (await (await admin.GetAsync($"/api/tasks?candidateGroup=dept:{department.Code}")).ReadAsync<PagedResult<TaskDto>>()).Items.Single();

        var handlerIn = $"h.{department.Code.ToLowerInvariant()}";
        var escalation = await (await admin.PostJsonAsync($"/api/cases/{@case.Id}/escalate", new { note = "测试提级" })).ReadAsync<JsonObject>(HttpStatusCode.Created);
        var order = await (await admin.PostJsonAsync($"/api/cases/{@case.Id}/orders", new { demand = "限期办结", dueAt = _app.Time.GetUtcNow().AddDays(3) }))
            .ReadAsync<JsonObject>(HttpStatusCode.Created);
        var extension = await (await _app.ClientAs(handlerIn).PostJsonAsync($"/api/cases/{@case.Id}/extensions",
            new { reason = "需要协调", requestedDueAt = @case.DueAt!.Value.AddDays(5) })).ReadAsync<JsonObject>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/cases/{@case.Id}/reminders", new { text = "请尽快办理" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var notification = (await (await admin.GetAsync($"/api/notifications?recipient=dept:{department.Code}")).ReadAsync<List<JsonObject>>()).First();

        User U(string name, string tag) => new(name, tag);
        var users = new[]
        {
            U("dispatcher", "dispatcher"), U("supervisor.lb", "supIn"), U("supervisor.ln", "supOut"), U(handlerIn, "handlerIn"),
            U($"h.{otherDepartment.Code.ToLowerInvariant()}", "handlerOut"), U($"gw.{grid.CommunityCode}", "gwIn"), U($"gw.{otherGrid.CommunityCode}", "gwOut"),
            U("wfadmin", "wfadmin"), U("auditor", "auditor"), U("admin", "admin"), U("stranger", "stranger"), U("", "anonymous"),
        };
        Func<User, bool> Tags(params string[] tags) => u => tags.Contains(u.Tag);
        var everyone = Tags([.. users.Select(u => u.Tag)]);
        var staff = Tags([.. users.Select(u => u.Tag).Except(["stranger", "anonymous"])]);
        // Scope decides what a user sees, roles what they may do: the demo's workflow admin, auditor and dispatcher cover the whole city.
        var sees = Tags("dispatcher", "supIn", "handlerIn", "gwIn", "wfadmin", "auditor", "admin");
        Func<User, bool> Both(Func<User, bool> a, Func<User, bool> b) => u => a(u) && b(u);
        var intake = Tags("dispatcher", "gwIn", "gwOut", "admin");
        var dispatch = Tags("dispatcher", "admin");
        var supervise = Tags("dispatcher", "supIn", "supOut", "admin");
        var editWorkflows = Tags("wfadmin", "admin");
        var readInstances = Tags("wfadmin", "auditor", "admin");
        var audit = Tags("auditor", "admin");
        var administer = Tags("admin");
        var assessment = Tags("supIn", "supOut", "auditor", "admin");
        var assessmentAct = Tags("supIn", "supOut", "admin");
        var handlingSide = Tags("handlerIn", "dispatcher", "admin");
        var worksTask = Tags("handlerIn", "admin");

        var id = @case.Id;
        var none = Guid.NewGuid();
        var today = DateOnly.FromDateTime(_app.Time.GetUtcNow().UtcDateTime);
        var period = $"from={today.AddDays(-30):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        var probes = new List<Probe>
        {
            // Lists first, while the case is still where they look.
            new("GET", "/api/cases/", "/api/cases?queue=escalated", Kind.List, staff, Finds: sees),
            new("GET", "/api/cases/", $"/api/cases?departmentCode={department.Code}", Kind.List, staff, Finds: sees),
            new("GET", "/api/cases/queues", "/api/cases/queues", Kind.List, staff),
            new("GET", "/api/cases/search", "/api/cases/search?phone=13812345678", Kind.List, staff, Finds: sees),
            new("GET", "/api/cases/search/export", "/api/cases/search/export?phone=13812345678", Kind.List, staff, Finds: sees),
            new("GET", "/api/tasks/", "/api/tasks", Kind.List, staff, Finds: worksTask),
            new("GET", "/api/tasks/", $"/api/tasks?candidateGroup=dept:{department.Code}", Kind.List, worksTask, Finds: worksTask),
            new("GET", "/api/supervision/overdue", "/api/supervision/overdue", Kind.List, supervise),
            new("GET", "/api/supervision/escalations", "/api/supervision/escalations", Kind.List, supervise, Finds: Tags("dispatcher", "supIn", "admin")),
            new("GET", "/api/supervision/extensions", "/api/supervision/extensions", Kind.List, supervise, Finds: Tags("dispatcher", "supIn", "admin")),
            new("GET", "/api/notifications/", $"/api/notifications?recipient=dept:{department.Code}", Kind.List, worksTask, Finds: worksTask),
            new("GET", "/api/workflows/instances", "/api/workflows/instances", Kind.List, readInstances, Finds: readInstances),
            new("GET", "/api/audit", "/api/audit?entity=cases", Kind.List, audit, Finds: audit),
            new("GET", "/api/outbox/", "/api/outbox", Kind.List, administer),
            new("GET", "/api/assessment/metrics", $"/api/assessment/metrics?dimension=department&{period}", Kind.List, assessment),
            new("GET", "/api/assessment/ranking", $"/api/assessment/ranking?dimension=department&{period}", Kind.List, assessment),
            new("GET", "/api/assessment/trend", $"/api/assessment/trend?{period}", Kind.List, assessment),
            new("GET", "/api/assessment/export", $"/api/assessment/export?dimension=department&{period}", Kind.List, assessment),
            new("GET", "/api/assessment/alerts", "/api/assessment/alerts", Kind.List, assessment),
            new("GET", "/api/workflows/activity-descriptors", "/api/workflows/activity-descriptors", Kind.List, staff),
            new("GET", "/api/workflows/definitions", "/api/workflows/definitions", Kind.List, staff),
            new("GET", "/api/workflows/definitions/{definitionId}/versions", "/api/workflows/definitions/standard-case/versions", Kind.List, staff),
            new("GET", "/api/workflows/definitions/{definitionId}/versions/{version:int}", "/api/workflows/definitions/standard-case/versions/1", Kind.List, staff),
            new("GET", "/api/workflows/definitions/{definitionId}/export", "/api/workflows/definitions/standard-case/export", Kind.List, staff),
            new("GET", "/api/workflows/definitions/{definitionId}/draft", "/api/workflows/definitions/standard-case/draft", Kind.Elsewhere, staff),
            new("POST", "/api/workflows/definitions/{definitionId}/validate", "/api/workflows/definitions/standard-case/validate", Kind.Elsewhere, staff),
            new("GET", "/api/workflows/definitions/{definitionId}/activity-counts", "/api/workflows/definitions/standard-case/activity-counts", Kind.List, staff),
            new("POST", "/api/workflows/definitions/{definitionId}/dry-run", "/api/workflows/definitions/standard-case/dry-run", Kind.Elsewhere, staff, """{"sample":{"kind":"Gossip"}}"""),
            new("GET", "/api/org-units/", "/api/org-units", Kind.List, staff),
            new("GET", "/api/org-units/{code}", $"/api/org-units/{grid.Code}", Kind.List, staff),
            new("GET", "/api/departments/", "/api/departments", Kind.List, staff),
            new("GET", "/api/locate", $"/api/locate?lat={grid.CentreLat}&lng={grid.CentreLng}", Kind.List, staff),
            new("GET", "/api/items/", "/api/items", Kind.List, staff),
            new("GET", "/api/items/export", "/api/items/export", Kind.List, staff),
            new("GET", "/api/items/{code}", "/api/items/none", Kind.Elsewhere, staff),
            new("POST", "/api/items/classify", "/api/items/classify", Kind.Elsewhere, staff, """{"text":"占道经营"}"""),
            new("GET", "/api/calendar/{year:int}", "/api/calendar/2026", Kind.List, staff),
            new("GET", "/api/calendar/deadline", $"/api/calendar/deadline?from={_app.Time.GetUtcNow():O}&workingDays=1".Replace("+", "%2B"), Kind.List, staff),
            new("GET", "/api/auth/me", "/api/auth/me", Kind.List, staff),

            // The case itself.
            new("GET", "/api/cases/{key}", $"/api/cases/{@case.TrackingNumber}", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/deadlines", $"/api/cases/{id}/deadlines", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/timeline", $"/api/cases/{id}/timeline", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/cards", $"/api/cases/{id}/cards", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/suggestions", $"/api/cases/{id}/suggestions", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/map", $"/api/cases/{id}/map", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/related", $"/api/cases/{id}/related", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/orders", $"/api/cases/{id}/orders", Kind.Direct, sees, null),
            new("GET", "/api/cases/{id:guid}/workflow", $"/api/cases/{id}/workflow", Kind.Direct, sees, null),
            new("POST", "/api/workflows/definitions/{definitionId}/dry-run", "/api/workflows/definitions/standard-case/dry-run", Kind.Direct, sees, $$$"""{"sample":{"caseId":"{{{id}}}"}}"""),
            new("POST", "/api/cases/{id:guid}/answer", $"/api/cases/{id}/answer", Kind.Direct, Both(sees, intake)),
            new("GET", "/api/tasks/{id:guid}/", $"/api/tasks/{task.Id}", Kind.Direct, worksTask, null),
            new("GET", "/api/workflows/instances/{id:guid}", $"/api/workflows/instances/{@case.WorkflowInstanceId}", Kind.Direct, readInstances, null),
            new("GET", "/api/workflows/instances/{id:guid}/journal", $"/api/workflows/instances/{@case.WorkflowInstanceId}/journal", Kind.Direct, readInstances, null),
            new("GET", "/api/workflows/instances/{id:guid}/incidents", $"/api/workflows/instances/{@case.WorkflowInstanceId}/incidents", Kind.Direct, readInstances, null),
            new("POST", "/api/cases/{id:guid}/merge", $"/api/cases/{id}/merge", Kind.Direct, Both(sees, dispatch)),
            new("POST", "/api/cases/{id:guid}/suspend", $"/api/cases/{id}/suspend", Kind.Direct, Both(sees, handlingSide)),
            new("POST", "/api/cases/{id:guid}/resume", $"/api/cases/{id}/resume", Kind.Direct, Both(sees, handlingSide)),
            new("POST", "/api/cases/{id:guid}/contact", $"/api/cases/{id}/contact", Kind.Direct, Both(sees, handlingSide)),
            new("POST", "/api/cases/{id:guid}/extensions", $"/api/cases/{id}/extensions", Kind.Direct, Both(sees, handlingSide)),
            new("POST", "/api/cases/{id:guid}/reminders", $"/api/cases/{id}/reminders", Kind.Direct, Both(sees, supervise)),
            new("POST", "/api/cases/{id:guid}/orders", $"/api/cases/{id}/orders", Kind.Direct, Both(sees, supervise)),
            new("POST", "/api/cases/{id:guid}/escalate", $"/api/cases/{id}/escalate", Kind.Direct, Both(sees, supervise), """{"note":"再次提级"}"""),
            new("POST", "/api/supervision/escalations/{escalationId:guid}/close", $"/api/supervision/escalations/{escalation["id"]}/close", Kind.Direct, Both(sees, supervise)),
            new("POST", "/api/supervision/extensions/{requestId:guid}/approve", $"/api/supervision/extensions/{extension["id"]}/approve", Kind.Direct, Both(sees, supervise), null),
            new("POST", "/api/supervision/extensions/{requestId:guid}/reject", $"/api/supervision/extensions/{extension["id"]}/reject", Kind.Direct, Both(sees, supervise), null),
            new("POST", "/api/supervision/orders/{orderId:guid}/respond", $"/api/supervision/orders/{order["id"]}/respond", Kind.Direct, worksTask),
            new("POST", "/api/notifications/{notificationId:guid}/read", $"/api/notifications/{notification["id"]}/read", Kind.Direct, worksTask, null),
            new("POST", "/api/tasks/{id:guid}/reassign", $"/api/tasks/{task.Id}/reassign", Kind.Direct, Tags("admin")),
            new("POST", "/api/tasks/{id:guid}/complete", $"/api/tasks/{task.Id}/complete", Kind.Direct, worksTask),
            new("POST", "/api/tasks/{id:guid}/claim", $"/api/tasks/{task.Id}/claim", Kind.Direct, worksTask, null),
            new("POST", "/api/tasks/{id:guid}/release", $"/api/tasks/{task.Id}/release", Kind.Direct, worksTask, null),
            new("POST", "/api/cases/{id:guid}/accept", $"/api/cases/{id}/accept", Kind.Direct, Tags("handlerIn", "admin"), null),

            // Role-only actions, on nothing that exists or with a body that fails validation after the access checks.
            new("POST", "/api/cases/", "/api/cases", Kind.Elsewhere, intake),
            new("POST", "/api/cases/batch", "/api/cases/batch", Kind.Elsewhere, intake, "[]"),
            new("POST", "/api/workflows/definitions", "/api/workflows/definitions", Kind.Elsewhere, editWorkflows),
            new("PUT", "/api/workflows/definitions/{definitionId}/draft", "/api/workflows/definitions/none/draft", Kind.Elsewhere, editWorkflows),
            new("DELETE", "/api/workflows/definitions/{definitionId}/draft", "/api/workflows/definitions/none/draft", Kind.Elsewhere, editWorkflows, null),
            new("POST", "/api/workflows/definitions/{definitionId}/versions/{version:int}/revert", "/api/workflows/definitions/none/versions/1/revert", Kind.Elsewhere, editWorkflows, null),
            new("POST", "/api/workflows/definitions/{definitionId}/clone", "/api/workflows/definitions/none/clone", Kind.Elsewhere, editWorkflows),
            new("POST", "/api/workflows/definitions/{definitionId}/publish", "/api/workflows/definitions/none/publish", Kind.Elsewhere, editWorkflows, null),
            new("POST", "/api/workflows/instances", "/api/workflows/instances", Kind.Elsewhere, editWorkflows),
            new("POST", "/api/workflows/instances/{id:guid}/cancel", $"/api/workflows/instances/{none}/cancel", Kind.Elsewhere, editWorkflows, null),
            new("POST", "/api/workflows/instances/{id:guid}/incidents/{incidentId:guid}/retry", $"/api/workflows/instances/{none}/incidents/{none}/retry", Kind.Elsewhere, editWorkflows, null),
            new("POST", "/api/workflows/events/{eventName}", "/api/workflows/events/nobody-waits", Kind.Elsewhere, editWorkflows),
            new("POST", "/api/org-units/import", "/api/org-units/import", Kind.Elsewhere, administer, "[{}]"),
            new("POST", "/api/grids/import", "/api/grids/import", Kind.Elsewhere, administer),
            new("POST", "/api/departments/import", "/api/departments/import", Kind.Elsewhere, administer, "[{}]"),
            new("POST", "/api/items/import", "/api/items/import", Kind.Elsewhere, administer, "[{}]"),
            new("PUT", "/api/items/{code}", "/api/items/none", Kind.Elsewhere, administer),
            new("POST", "/api/items/classify/confirm", "/api/items/classify/confirm", Kind.Elsewhere, dispatch),
            new("PUT", "/api/calendar/days/{date}", "/api/calendar/days/2026-13-01", Kind.Elsewhere, administer),
            new("DELETE", "/api/calendar/days/{date}", "/api/calendar/days/2026-13-01", Kind.Elsewhere, administer, null),
            new("POST", "/api/outbox/{id:guid}/retry", $"/api/outbox/{none}/retry", Kind.Elsewhere, administer, null),
            new("POST", "/api/assessment/alerts/{id:guid}/acknowledge", $"/api/assessment/alerts/{none}/acknowledge", Kind.Elsewhere, assessmentAct, null),
            new("POST", "/api/assessment/alerts/detect", "/api/assessment/alerts/detect?day=2026-13-01", Kind.Elsewhere, assessmentAct, null),

            // Public.
            new("POST", "/api/auth/login", "/api/auth/login", Kind.Elsewhere, everyone),
            new("POST", "/api/auth/logout", "/api/auth/logout", Kind.Elsewhere, everyone, null),
            new("GET", "/api/auth/oidc", "/api/auth/oidc", Kind.Elsewhere, everyone),
            new("GET", "/api/public/cases/{trackingNumber}", $"/api/public/cases/{@case.TrackingNumber}?phone=0000", Kind.Elsewhere, everyone),
            new("POST", "/api/public/cases/", "/api/public/cases", Kind.Elsewhere, everyone),
            new("POST", "/api/public/cases/{trackingNumber}/rating", $"/api/public/cases/{@case.TrackingNumber}/rating?phone=0000", Kind.Elsewhere, everyone),
        };

        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalise(e.RoutePattern.RawText)}"))
            .Where(e => e.Contains(" /api/", StringComparison.Ordinal))
            .ToHashSet();
        mapped.Except(probes.Select(p => $"{p.Method} {Normalise(p.Pattern)}")).ShouldBeEmpty("endpoints without an entry in the authorization matrix");

        var failures = new List<string>();
        var evidence = new[] { @case.TrackingNumber, @case.Id.ToString(), task.Id.ToString() };
        foreach (var probe in probes)
        {
            // Denied users first, so an allowed call that changes the case cannot hide a leak.
            foreach (var user in users.OrderBy(u => probe.Allowed(u)))
            {
                using var client = user.Tag == "anonymous" ? _app.ClientAs("") : _app.ClientAs(user.Name);
                if (user.Tag == "anonymous")
                    client.DefaultRequestHeaders.Remove("X-CaseHub-User");
                using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
                if (probe.Body is not null)
                    request.Content = new StringContent(probe.Body, Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var denied = status is 401 or 403 || (status == 404 && probe.Kind != Kind.Elsewhere);
                var allowed = probe.Allowed(user);
                var what = $"{probe.Method} {probe.Url} as {user.Tag} ({user.Name}): {status}";
                if (allowed && denied)
                    failures.Add($"{what}, expected access. {Trim(body)}");
                if (!allowed && !(status is 401 or 403 or 404))
                    failures.Add($"{what}, expected 401/403/404. {Trim(body)}");
                if (status >= 500)
                    failures.Add($"{what}. {Trim(body)}");
                // What the caller put in the URL may come back in a 404's message; anything else of the case may not.
                var found = evidence.Where(e => !probe.Url.Contains(e, StringComparison.Ordinal)).Any(e => body.Contains(e, StringComparison.Ordinal));
                var mayFind = probe.Kind == Kind.List ? probe.Finds?.Invoke(user) ?? false : allowed;
                if (found && !mayFind && probe.Kind != Kind.Elsewhere)
                    failures.Add($"{what}, LEAK: the case shows in the body.");
                if (probe.Kind == Kind.List && probe.Finds is not null && probe.Finds(user) && allowed && !found)
                    failures.Add($"{what}, expected the case in the list. {Trim(body)}");
            }
        }
        failures.ShouldBeEmpty();
    }

    private static string Normalise(string? pattern) => (pattern ?? "").Replace("//", "/", StringComparison.Ordinal).TrimEnd('/');

    private static string Trim(string body) => body.Length > 300 ? body[..300] : body;
}

public sealed class AuthorizationMatrixTests_Sqlite() : AuthorizationMatrixTests(DatabaseProvider.Sqlite);

public sealed class AuthorizationMatrixTests_Postgres() : AuthorizationMatrixTests(DatabaseProvider.Postgres);
