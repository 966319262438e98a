using CaseHub.Cases.Data;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Features.Assessment;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Health;
using CaseHub.Web.Features.Live;
using CaseHub.Web.Features.Items;
using CaseHub.Web.Features.Open311;
using CaseHub.Web.Features.Organisation;
using CaseHub.Web.Features.Supervision;
using CaseHub.Web.Features.Reply;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddCaseHubLogging();
builder.AddCaseHubData();
builder.AddCaseHubWeb();

var app = builder.Build();
app.UseRequestLanguage();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseClientFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseCaseHubAccess();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapHealth();
app.MapOpen311();
app.MapCaseStatusPage();
app.MapAuth();
app.MapPublicCases();
app.MapLiveUpdates();
app.MapGroup("/api").RequireAuthorization(Policies.Staff)
    .MapWorkflowDefinitions()
    .MapWorkflowInstances()
    .MapTasks()
    .MapCases()
    .MapCaseQueues()
    .MapCaseSearch()
    .MapCaseWorkbench()
    .MapCaseWorkflow()
    .MapOrganisation()
    .MapItems()
    .MapSupervision()
    .MapCalendar()
    .MapOutbox()
    .MapAssessment()
    .MapAudit();
app.MapClientRoutes();

await app.PrepareDatabaseAsync();
await app.RunAsync();

public partial class Program;
