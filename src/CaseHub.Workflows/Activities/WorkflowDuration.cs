using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CaseHub.Workflows.Activities;

public enum DurationUnit
{
    /// <summary>Clock minutes, around the clock.</summary>
    Minutes = 1,
    WorkingHours = 2,
    WorkingDays = 3,
}

/// <summary>
/// A duration as a workflow input gives it: clock time ('d.hh:mm:ss', 'hh:mm:ss', ISO 8601 such as 'PT2H', or a
/// number of seconds), or working time ('3 working days', '4 working hours'), which <see cref="IWorkingTime"/> turns
/// into a due time that skips nights, weekends and holidays. Centres set their limits in working days, so the
/// designer writes those; clock time stays for technical waits and Elsa-3 definitions.
/// </summary>
public readonly partial record struct WorkflowDuration(double Amount, DurationUnit Unit)
{
    public const string Formats = "'3 working days', '4 working hours', 'hh:mm:ss', 'd.hh:mm:ss' or ISO 8601 like 'PT2H'";

    public static WorkflowDuration FromClock(TimeSpan span) => new(span.TotalMinutes, DurationUnit.Minutes);

    /// <summary>An input's value as a duration: a number of seconds, or text in one of the <see cref="Formats"/>.</summary>
    public static bool TryRead(JsonNode value, out WorkflowDuration duration)
    {
        if (value is JsonValue v && v.TryGetValue(out double seconds))
        {
            duration = FromClock(TimeSpan.FromSeconds(seconds));
            return true;
        }
        return TryParse(ActivityContext.AsString(value), out duration);
    }

    public static bool TryParse(string? text, out WorkflowDuration duration)
    {
        duration = default;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
            return false;
        if (WorkingTime().Match(value) is { Success: true } working)
        {
            var amount = double.Parse(working.Groups["amount"].Value, CultureInfo.InvariantCulture);
            duration = new(amount, working.Groups["unit"].Value.Equals("day", StringComparison.OrdinalIgnoreCase) ? DurationUnit.WorkingDays : DurationUnit.WorkingHours);
            return true;
        }
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            duration = FromClock(span);
            return true;
        }
        try
        {
            duration = FromClock(System.Xml.XmlConvert.ToTimeSpan(value));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public override string ToString() => Unit switch
    {
        DurationUnit.WorkingDays => $"{Amount.ToString(CultureInfo.InvariantCulture)} working days",
        DurationUnit.WorkingHours => $"{Amount.ToString(CultureInfo.InvariantCulture)} working hours",
        _ => TimeSpan.FromMinutes(Amount).ToString("c", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<amount>\d+(?:\.\d+)?)\s*working\s+(?<unit>day|hour)s?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WorkingTime();
}

/// <summary>Turns a duration into a due time. The host's calendar decides what counts as working time.</summary>
public interface IWorkingTime
{
    ValueTask<DateTimeOffset> AddAsync(DateTimeOffset from, WorkflowDuration duration, CancellationToken cancellationToken = default);
}

/// <summary>
/// The engine on its own has no calendar: a working hour is an hour and a working day 24 hours. A host with a
/// calendar (CaseHub.Cases) registers its own <see cref="IWorkingTime"/>.
/// </summary>
internal sealed class AroundTheClock : IWorkingTime
{
    public ValueTask<DateTimeOffset> AddAsync(DateTimeOffset from, WorkflowDuration duration, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(from + duration.Unit switch
        {
            DurationUnit.WorkingDays => TimeSpan.FromDays(duration.Amount),
            DurationUnit.WorkingHours => TimeSpan.FromHours(duration.Amount),
            _ => TimeSpan.FromMinutes(duration.Amount),
        });
}
