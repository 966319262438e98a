using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseHub.Web.Tests.Infrastructure;

/// <summary>
/// The SQL commands EF Core sends to one test database while the log is open, from EF's diagnostic events, so a test
/// can count the round trips a request makes. Other tests run in parallel on other databases; their commands are
/// left out by the connection string. EF caches whether anyone listens for about a second, so open the log well
/// before the commands to count (e.g. before a warm-up request) and <see cref="Clear"/> it just before them.
/// </summary>
public sealed class SqlCommandLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _connectionString;
    private readonly ConcurrentQueue<LoggedCommand> _commands = new();
    private readonly IDisposable _allListeners;
    private readonly List<IDisposable> _subscriptions = [];

    public SqlCommandLog(ITestDatabase database)
    {
        // The app's contexts connect with the string as DataSetup tunes it, not as the test database gave it.
        _connectionString = database.Provider == CaseHub.Cases.Data.DatabaseProvider.Postgres
            ? CaseHub.Cases.Data.DataSetup.WithPostgresDefaults(database.ConnectionString)
            : database.ConnectionString;
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>The text of each command executed since the last <see cref="Clear"/>, in order.</summary>
    public IReadOnlyList<string> Commands => [.. _commands.Select(c => c.Text)];

    /// <summary>Each command executed since the last <see cref="Clear"/>, in order, and whether it ran in a transaction.</summary>
    public IReadOnlyList<LoggedCommand> Logged => [.. _commands];

    public void Clear() => _commands.Clear();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
                _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandExecutedEventData executed && executed.Context?.Database.GetConnectionString() == _connectionString)
            _commands.Enqueue(new LoggedCommand(executed.Command.CommandText, executed.Command.Transaction is not null));
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _allListeners.Dispose();
        lock (_subscriptions)
            _subscriptions.ForEach(s => s.Dispose());
    }
}

public sealed record LoggedCommand(string Text, bool InTransaction);
