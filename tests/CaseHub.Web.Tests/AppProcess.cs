using CaseHub.Web.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CaseHub.Web.Tests;

/// <summary>
/// The real CaseHub.Web as a separate OS process, for what an in-process host cannot show:
/// a kill and restart, and two nodes sharing one database.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workingDirectory;

    private AppProcess(Process process, Uri address, string workingDirectory)
    {
        _process = process;
        Address = address;
        _workingDirectory = workingDirectory;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, ITestDatabase database)
    {
        var port = FreePort();
        var workingDirectory = Directory.CreateTempSubdirectory("casehub-node-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "CaseHub.Web.dll") },
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Timers__PollInterval"] = "00:00:00.100";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Auth__DevHeader"] = "true";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var node = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), workingDirectory) { _database = database };
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilHealthyAsync();
        return node;
    }

    private ITestDatabase _database = null!;

    public HttpClient ClientFor(string user)
    {
        var client = new HttpClient(new EnsureStaffHandler(_database.CreateDbContext, user) { InnerHandler = new HttpClientHandler() })
            { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-CaseHub-User", user);
        return client;
    }

    /// <summary>Ends the process at once, as a crash or a power cut would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be closing; the temp folder is cleaned up by the OS eventually.
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"CaseHub.Web exited with {_process.ExitCode} before it was healthy:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting slowly.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"CaseHub.Web was not healthy within 90 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Waits for something another process does, up to a deadline; the outcome, not the time, is what tests assert.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        T last;
        do
        {
            last = await probe();
            if (done(last))
                return last;
            await Task.Delay(100);
        }
        while (watch.Elapsed < within);
        throw new TimeoutException($"{what} did not happen within {within.TotalSeconds:F0} s; last seen: {last}");
    }
}
