using CaseHub.Cases.Data;
using CaseHub.Web.Tests.Infrastructure;

namespace CaseHub.Web.Tests;

/// <summary>Each test gets a fresh database of <paramref name="provider"/> and the real host on it, started and migrated.</summary>
public abstract class AppTest(DatabaseProvider provider) : IAsyncLifetime
{
    protected DatabaseProvider Provider => provider;
    protected ITestDatabase Database { get; private set; } = null!;
    protected CaseHubApp App { get; private set; } = null!;
    /// <summary>A client signed in as "admin".</summary>
    protected HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabases.CreateAsync(provider);
        App = new CaseHubApp(Database);
        Admin = App.ClientFor("admin"); // starts the host: migrates and imports the shipped workflows
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
