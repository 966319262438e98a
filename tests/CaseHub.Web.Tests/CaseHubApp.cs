using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseHub.Cases.Data;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Web.Tests;

/// <summary>
/// The real host on a test database. Time is a <see cref="FakeTimeProvider"/>, and the timer worker is off
/// unless asked for, so tests fire timers by calling the dispatcher after moving the clock.
/// </summary>
public sealed class CaseHubApp(ITestDatabase database, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public FakeTimeProvider Time { get; } = time ?? new FakeTimeProvider();

    public ITestDatabase Database => database;

    /// <summary>More service registrations, applied after the app's own (e.g. a fake identity provider's back channel).</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in database.AppSettings)
            builder.UseSetting(key, value);
        builder.UseSetting("Timers:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
        if (ConfigureTestServices is { } configure)
            builder.ConfigureTestServices(configure);
    }

    /// <summary>A client signed in as <paramref name="user"/>, a system admin unless the test gave the user a staff record.</summary>
    public HttpClient ClientFor(string user)
    {
        var client = CreateDefaultClient(new EnsureStaffHandler(NewDbContext, user));
        client.DefaultRequestHeaders.Add("X-CaseHub-User", user);
        return client;
    }

    /// <summary>A client for <paramref name="user"/> exactly as the staff table has it (or has it not): for access tests.</summary>
    public HttpClient ClientAs(string user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-CaseHub-User", user);
        return client;
    }

    public CaseHubDbContext NewDbContext() => database.CreateDbContext();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}

public static class HttpAssertions
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonSerializer.Deserialize<T>(body, CaseHubApp.Json)!;
    }

    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(body).RootElement;
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, CaseHubApp.Json);
}

public static class WorkflowApi
{
    /// <summary>Imports the definition as a draft and publishes it with the draft's ETag, as the designer does.</summary>
    public static async Task<Features.Workflows.VersionSummary> PublishAsync(this HttpClient client, string definitionJson)
    {
        var created = await client.PostAsync("/api/workflows/definitions", new StringContent(definitionJson, System.Text.Encoding.UTF8, "application/json"));
        var draft = await created.ReadAsync<Features.Workflows.VersionSummary>(System.Net.HttpStatusCode.Created);
        var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/definitions/{draft.DefinitionId}/publish");
        publish.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{draft.RowVersion}\""));
        return await (await client.SendAsync(publish)).ReadAsync<Features.Workflows.VersionSummary>();
    }
}
