namespace CaseHub.Workflows.Activities;

/// <summary>Every activity type the engine can run, by type name. Descriptors are the designer's single source of truth.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, Activity> _byType;

    public ActivityRegistry(IEnumerable<Activity> activities)
    {
        _byType = new Dictionary<string, Activity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            if (!_byType.TryAdd(activity.TypeName, activity))
                throw new InvalidOperationException($"Activity type '{activity.TypeName}' is registered twice.");
        }
    }

    public Activity? Find(string typeName) => _byType.GetValueOrDefault(typeName);

    public IEnumerable<Activity> All => _byType.Values.OrderBy(a => a.Descriptor.Category).ThenBy(a => a.TypeName);
}
