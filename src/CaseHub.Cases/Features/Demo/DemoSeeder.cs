using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseHub.Cases.Features.Demo;

public sealed class DemoOptions
{
    /// <summary>
    /// Seed the demo city (org tree, grids, departments, item list with rules, staff, cases) on a start that finds
    /// no org units. Default: true on SQLite (the embedded, zero-set-up run), false on PostgreSQL.
    /// </summary>
    public bool? Seed { get; set; }

    /// <summary>How many cases the demo receives and drives through their workflows. Default 300.</summary>
    public int Cases { get; set; } = 300;
}

/// <summary>
/// Seeds 临江市 on first start. Org units, departments, grids and the item list go through the same imports the
/// API uses, in one transaction; staff users are added with them. Then <see cref="DemoOptions.Cases"/> cases are
/// received through <see cref="CaseIntake"/> at times spread over the past 30 days, and each is driven through its
/// real workflow with <see cref="HumanTaskService"/> to a point chosen at random: waiting for dispatch, dispatched,
/// accepted, returned, completed awaiting review, sent back, closed. The clock the intake and engine see during
/// seeding is a <see cref="DemoClock"/> set to each step's time, so tracking numbers, task times and journals agree.
/// </summary>
public sealed partial class DemoSeeder(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoSeeder> logger)
{
    /// <summary>Seeds when <c>Demo:Seed</c> allows and the database has no org units; returns whether it seeded.</summary>
    public static async Task<bool> SeedOnFirstStartAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var options = configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
        var provider = services.GetRequiredService<DatabaseOptions>().Provider;
        if (!(options.Seed ?? provider == DatabaseProvider.Sqlite))
            return false;
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(services);
        return await seeder.SeedIfEmptyAsync(options.Cases, cancellationToken);
    }

    public async Task<bool> SeedIfEmptyAsync(int cases, CancellationToken cancellationToken)
    {
        var city = new DemoCity();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            if (await db.Set<OrgUnit>().AnyAsync(cancellationToken))
            {
                // A demo database from before sign-in existed gets its accounts now.
                await DemoAccounts.AddMissingAsync(db, city, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                return false;
            }
            try
            {
                await SeedOrganisationAndItemsAsync(scope.ServiceProvider, city, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node seeded the same empty database at the same moment; its data stands.
                LogSeededElsewhere(logger);
                return false;
            }
        }
        LogSeededCity(logger, city.Units.Count, city.Grids.Count, city.Departments.Count, city.Users.Count);
        var received = await SeedCasesAsync(city, cases, cancellationToken);
        LogSeededCases(logger, received);
        return true;
    }

    /// <summary>Org tree, departments, grids, the item list with rules and the staff, in one transaction.</summary>
    public static async Task SeedOrganisationAndItemsAsync(IServiceProvider services, DemoCity city, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CaseHubDbContext>();
        var import = services.GetRequiredService<OrgImport>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await import.ImportUnitsAsync(Element(city.UnitsJson()), cancellationToken), "org units");
        Check(await import.ImportDepartmentsAsync(Element(city.DepartmentsJson()), cancellationToken), "departments");
        Check(await import.ImportGridsAsync(Element(city.GridsGeoJson()), cancellationToken), "grids");
        await services.GetRequiredService<ItemListImport>().ImportAsync(DemoResponsibilities.ItemListWithRules(city), ItemListFormat.Json, cancellationToken);

        var units = await db.Set<OrgUnit>().AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Id, StringComparer.Ordinal, cancellationToken);
        var departments = await db.Set<Department>().AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, StringComparer.Ordinal, cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var user in city.Users)
        {
            db.Add(new StaffUser
            {
                Id = Guid.CreateVersion7(now),
                UserName = user.UserName,
                DisplayName = user.DisplayName,
                Roles = [.. user.Roles],
                OrgUnitScope = [.. user.OrgUnitCodes.Select(c => units[c])],
                DepartmentScope = [.. user.DepartmentCodes.Select(c => departments[c])],
            });
        }
        await DemoAccounts.AddMissingAsync(db, city, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The active leaf items as the complaint writer uses them, in code order.</summary>
    public static async Task<List<DemoItem>> LeafItemsAsync(CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var items = await db.Set<Item>().AsNoTracking().Where(i => i.IsActive).OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var parents = items.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        return [.. items.Where(i => !parents.Contains(i.Id)).Select(i => new DemoItem(i.Code, i.NameZh, i.Keywords, i.Kinds))];
    }

    private async Task<int> SeedCasesAsync(DemoCity city, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
            return 0;
        List<DemoItem> items;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            items = await LeafItemsAsync(db, cancellationToken);
            var options = scope.ServiceProvider.GetRequiredService<IntakeOptions>();
            var needed = options.Workflows.Values.Append(options.DefaultWorkflow).Where(w => !string.IsNullOrWhiteSpace(w)).Distinct().ToList();
            var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();
            foreach (var definitionId in needed)
            {
                if (await definitions.FindPublishedAsync(definitionId!, null, cancellationToken) is null)
                {
                    LogNoWorkflow(logger, definitionId!);
                    return 0;
                }
            }
        }

        var complaints = new DemoComplaints(city, items, DemoCity.Seed + 2);
        var random = complaints.Random;
        var now = time.GetUtcNow();
        // Received times over the past 30 days, oldest first, so tracking numbers rise with time.
        var times = Enumerable.Range(0, count).Select(_ => now - TimeSpan.FromMinutes(random.Double(5, 30 * 24 * 60))).Order().ToList();
        var clock = new DemoClock(now);
        var received = 0;
        for (var i = 0; i < count; i++)
        {
            var complaint = complaints.Next();
            clock.Set(times[i]);
            var caseId = await ReceiveAsync(clock, complaint, i, cancellationToken);
            received++;
            var plan = PickPlan(random);
            var at = times[i];
            for (var step = 0; step < 8; step++)
            {
                at += TimeSpan.FromMinutes(random.Double(20, 36 * 60));
                if (at >= now)
                    break; // Recent cases are still where the last step left them, as in real life.
                clock.Set(at);
                if (!await StepAsync(clock, caseId, complaint, plan, city, random, cancellationToken))
                    break;
            }
        }
        return received;
    }

    private async Task<Guid> ReceiveAsync(DemoClock clock, DemoComplaint complaint, int index, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var runtime = ActivatorUtilities.CreateInstance<WorkflowRuntime>(scope.ServiceProvider, clock);
        var intake = ActivatorUtilities.CreateInstance<CaseIntake>(scope.ServiceProvider, runtime, clock);
        var result = await intake.ReceiveAsync(complaint.ToRequest($"DEMO-{index + 1:D5}", clock.GetUtcNow() - TimeSpan.FromHours(2)), "demo", cancellationToken);
        return result.Case.Id;
    }

    /// <summary>Where a case's life stops in the demo.</summary>
    private enum Plan { Waiting, Accepted, Returned, ReturnedTwice, Completed, SentBack, Closed, Transferred }

    private static Plan PickPlan(Bogus.Randomizer random) => random.WeightedRandom(
        [Plan.Waiting, Plan.Accepted, Plan.Returned, Plan.ReturnedTwice, Plan.Completed, Plan.SentBack, Plan.Closed, Plan.Transferred],
        [0.12f, 0.10f, 0.08f, 0.04f, 0.12f, 0.05f, 0.42f, 0.07f]);

    /// <summary>Acts on the case's open task as the plan says; false when the case has reached its planned point.</summary>
    private async Task<bool> StepAsync(DemoClock clock, Guid caseId, DemoComplaint complaint, Plan plan, DemoCity city, Bogus.Randomizer random, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CaseHubDbContext>();
        var @case = await db.Set<Case>().FirstAsync(c => c.Id == caseId, cancellationToken);
        if (@case.WorkflowInstanceId is not { } instanceId || plan == Plan.Waiting)
            return false;
        var task = await db.Set<HumanTask>().Where(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Open)
            .OrderBy(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (task is null)
            return false;
        var history = await db.Set<HumanTask>().Where(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Completed)
            .Select(t => new { t.ActivityType, t.Outcome }).ToListAsync(cancellationToken);
        int Count(string type, string outcome) => history.Count(h => h.ActivityType == type && h.Outcome == outcome);

        var runtime = ActivatorUtilities.CreateInstance<WorkflowRuntime>(services, clock);
        var tasks = ActivatorUtilities.CreateInstance<HumanTaskService>(services, runtime, clock);
        string outcome;
        JsonObject? form;
        string actor;
        switch (task.ActivityType)
        {
            case "CaseHub.HumanTask": // the hotline answers an enquiry, or hands it on
                (outcome, form, actor) = (plan == Plan.Transferred ? "Transfer" : "Answered", new JsonObject { ["answer"] = "已按政策解答。" }, "hotline");
                break;
            case "CaseHub.SelfHandle":
                (outcome, form, actor) = plan is Plan.Closed or Plan.Waiting
                    ? ("SelfHandled", new JsonObject { ["result"] = "网格员现场劝导，已整改。" }, $"gw.{complaint.Grid.CommunityCode}")
                    : ("ReportUp", null, $"gw.{complaint.Grid.CommunityCode}");
                break;
            case "CaseHub.ManualDispatch":
                if (plan is Plan.Returned && Count("CaseHub.Handle", "Returned") >= 1 || plan is Plan.ReturnedTwice && Count("CaseHub.Handle", "Returned") >= 2)
                    return false; // left in the dispatch (or arbitration) queue
                var department = await ManualChoiceAsync(db, @case, city, random, cancellationToken);
                (outcome, form, actor) = ("Dispatched", new JsonObject { ["departmentCode"] = department, ["reason"] = "按属地和职责派单" }, "dispatcher");
                break;
            case "CaseHub.Handle":
                var handler = $"h.{(await db.Set<Department>().FirstAsync(d => d.Id == @case.DepartmentId, cancellationToken)).Code.ToLowerInvariant()}";
                var returns = Count("CaseHub.Handle", "Returned");
                // A department that let the return window pass has to handle the case after all (Shandong's rule).
                if ((plan is Plan.Returned && returns < 1 || plan is Plan.ReturnedTwice && returns < 2)
                    && await Supervision.CaseClocks.MayStillReturnAsync(services, @case, clock.GetUtcNow(), cancellationToken))
                {
                    (outcome, form, actor) = ("Returned", new JsonObject { ["reason"] = "非本单位职责，建议派往属地街道。" }, handler);
                    break;
                }
                if (plan == Plan.Accepted || plan == Plan.SentBack && Count("CaseHub.Review", "SentBack") >= 1)
                {
                    // 签收: the department claims the task and the case counts as accepted.
                    await tasks.ClaimAsync(task.Id, handler, cancellationToken);
                    @case.Status = CaseStatus.Accepted;
                    @case.AcceptedAt = clock.GetUtcNow();
                    @case.UpdatedAt = clock.GetUtcNow();
                    await db.SaveChangesAsync(cancellationToken);
                    return false;
                }
                (outcome, form, actor) = ("Completed", new JsonObject { ["result"] = "已现场核查并处理完毕，已电话告知诉求人。" }, handler);
                break;
            case "CaseHub.Review":
                if (plan == Plan.Completed)
                    return false;
                (outcome, form, actor) = plan == Plan.SentBack
                    ? ("SentBack", new JsonObject { ["reason"] = "办理结果不完整，请补充现场照片。" }, "supervisor")
                    : ("Approved", null, "supervisor");
                break;
            case "CaseHub.Callback": // 回访 after the reply: the demo's closed cases end satisfied
                (outcome, form, actor) = ("Satisfied", new JsonObject { ["resolved"] = true }, "hotline");
                break;
            default:
                return false;
        }
        await tasks.CompleteAsync(task.Id, outcome, form, actor, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>What a dispatcher would choose: the district's (or the city's) department of the same kind as the item's rule, else 城管.</summary>
    private static async Task<string> ManualChoiceAsync(CaseHubDbContext db, Case @case, DemoCity city, Bogus.Randomizer random, CancellationToken cancellationToken)
    {
        if (@case.JurisdictionId is { } jurisdictionId)
        {
            var street = await db.Set<OrgUnit>().AsNoTracking().FirstAsync(u => u.Id == jurisdictionId, cancellationToken);
            var candidates = city.Departments.Where(d => d.OrgUnitCode == street.Code || d.OrgUnitCode == DemoCity.DistrictOf(street.Code)).ToList();
            if (candidates.Count > 0)
                return random.ListItem(candidates).Code;
        }
        return "LJ-CG";
    }

    private static void Check(ImportResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"The demo {what} did not import: {string.Join("; ", result.Issues.Take(5).Select(i => $"{i.Code}.{i.Field}: {i.Reason}"))}");
    }

    private static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Demo data: seeded {Units} org units, {Grids} grids, {Departments} departments, {Users} staff users and the item list")]
    private static partial void LogSeededCity(ILogger logger, int units, int grids, int departments, int users);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Demo data: received and drove {Cases} cases")]
    private static partial void LogSeededCases(ILogger logger, int cases);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Demo data: workflow {DefinitionId} named in Intake is not published, so no demo cases were seeded")]
    private static partial void LogNoWorkflow(ILogger logger, string definitionId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Demo data: another node seeded the database first")]
    private static partial void LogSeededElsewhere(ILogger logger);
}

/// <summary>A clock the seeder sets to each step's time, so intake and engine stamp the demo's past times.</summary>
public sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public void Set(DateTimeOffset now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now;
}
