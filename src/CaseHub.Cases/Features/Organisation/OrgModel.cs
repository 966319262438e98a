using CaseHub.Workflows.Persistence;

namespace CaseHub.Cases.Features.Organisation;

/// <summary>The administrative levels, 五级网格: city, district (county), street (township), community (village), grid.</summary>
public enum OrgLevel
{
    City = 1,
    District = 2,
    Street = 3,
    Community = 4,
    Grid = 5,
}

/// <summary>A node of the org tree. Grids (the leaves) carry a polygon, as GeoJSON in WGS-84 longitude/latitude.</summary>
public sealed class OrgUnit : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    /// <summary>Unique, stable code, e.g. the administrative division code; grids use their grid code.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrgLevel Level { get; set; }
    public Guid? ParentId { get; set; }
    /// <summary>Codes from the root down to this unit, each followed by '/', e.g. "/3301/330102/". Subtree queries use a prefix match.</summary>
    public required string Path { get; set; }
    /// <summary>The grid's boundary as a GeoJSON Polygon or MultiPolygon geometry; null above grid level.</summary>
    public string? BoundaryGeoJson { get; set; }
    public long RowVersion { get; set; }
}

/// <summary>A handling department (职能部门/承办单位) at city, district or street level.</summary>
public sealed class Department : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>The org unit the department serves: a city, district or street. Its level is the department's level.</summary>
    public Guid OrgUnitId { get; set; }
    public OrgLevel Level { get; set; }
    public bool IsActive { get; set; } = true;
    public long RowVersion { get; set; }
}

/// <summary>What a user may do. A user has one or more.</summary>
public enum StaffRole
{
    Dispatcher = 1,
    Handler = 2,
    Supervisor = 3,
    WorkflowAdmin = 4,
    GridWorker = 5,
    Auditor = 6,
    SystemAdmin = 7,
}

/// <summary>
/// A member of staff: roles and scope (the org units whose subtrees, and the departments, they may see).
/// Sign-in comes with the workbench; this is the data the access checks use.
/// </summary>
public sealed class StaffUser : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public List<StaffRole> Roles { get; set; } = [];
    /// <summary>Org units whose whole subtree the user may see.</summary>
    public List<Guid> OrgUnitScope { get; set; } = [];
    /// <summary>Departments whose cases the user may see (handlers see their own department).</summary>
    public List<Guid> DepartmentScope { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public long RowVersion { get; set; }
}
