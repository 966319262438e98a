using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Web.Tests.Infrastructure;

namespace CaseHub.Web.Tests.Api;

/// <summary>
/// The web client's TypeScript types are generated from a committed copy of the OpenAPI document
/// (src/CaseHub.Web/ClientApp/openapi.json, `npm run api`). This fails when the API changed and the copy did not:
/// run the tests once with CASEHUB_UPDATE_OPENAPI=1 to rewrite it, then `npm run api` in ClientApp.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        _app = new CaseHubApp(_database);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheClientsCopyOfTheOpenApiDocument_IsCurrent()
    {
        var served = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();
        served.Remove("servers");
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Path.Combine(RepositoryRoot(), "src", "CaseHub.Web", "ClientApp", "openapi.json");
        if (Environment.GetEnvironmentVariable("CASEHUB_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(path, text);
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        committed.Remove("servers");
        JsonNode.DeepEquals(served, committed).ShouldBeTrue(
            "ClientApp/openapi.json is out of date: run the tests with CASEHUB_UPDATE_OPENAPI=1, then `npm run api` in ClientApp, and commit both.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaseHub.sln")))
                return dir.FullName;
        throw new InvalidOperationException("CaseHub.sln not found above the test binaries.");
    }
}
