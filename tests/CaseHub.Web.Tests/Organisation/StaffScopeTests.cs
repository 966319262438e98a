using CaseHub.Cases.Features.Organisation;

namespace CaseHub.Web.Tests.Organisation;

public sealed class StaffScopeTests
{
    private static readonly OrgUnit Street = new() { Id = Guid.NewGuid(), Code = "330106001", Name = "北山街道", Level = OrgLevel.Street, Path = "/3301/330106/330106001/" };
    private static readonly OrgUnit OtherStreet = new() { Id = Guid.NewGuid(), Code = "330106002", Name = "灵隐街道", Level = OrgLevel.Street, Path = "/3301/330106/330106002/" };
    private static readonly OrgUnit[] Units = [Street, OtherStreet];
    private const string GridInStreet = "/3301/330106/330106001/330106001001/G1/";
    private const string GridInOtherStreet = "/3301/330106/330106002/330106002001/G3/";
    private static readonly Guid Department = Guid.NewGuid();

    private static StaffUser User(StaffRole role, Guid[]? units = null, Guid[]? departments = null) => new()
    {
        UserName = "u", DisplayName = "u", Roles = [role], OrgUnitScope = [.. units ?? []], DepartmentScope = [.. departments ?? []],
    };

    [Fact]
    public void CanSee_ACaseInTheSubtreeOfAScopeUnit()
    {
        var scope = StaffScope.For(User(StaffRole.Dispatcher, [Street.Id]), Units);

        scope.CanSee(GridInStreet, null).ShouldBeTrue();
        scope.CanSee(Street.Path, null).ShouldBeTrue();
        scope.CanSee(GridInOtherStreet, null).ShouldBeFalse();
        scope.CanSee("/3301/330106/", null).ShouldBeFalse();
        scope.CanSee((string?)null, null).ShouldBeFalse();
    }

    [Fact]
    public void CanSee_DoesNotMatchASiblingWhoseCodeStartsTheSame()
    {
        var scope = StaffScope.For(User(StaffRole.Supervisor, [Street.Id]), Units);

        scope.CanSee("/3301/330106/3301060011/", null).ShouldBeFalse();
    }

    [Fact]
    public void CanSee_ACaseOfADepartmentInScope_WhereverItIs()
    {
        var scope = StaffScope.For(User(StaffRole.Handler, departments: [Department]), Units);

        scope.CanSee(GridInOtherStreet, Department).ShouldBeTrue();
        scope.CanSee(GridInOtherStreet, Guid.NewGuid()).ShouldBeFalse();
    }

    [Theory]
    [InlineData(StaffRole.SystemAdmin)]
    [InlineData(StaffRole.Auditor)]
    public void CanSee_Everything_ForSystemAdminsAndAuditors(StaffRole role) =>
        StaffScope.For(User(role), Units).CanSee(GridInOtherStreet, null).ShouldBeTrue();

    [Fact]
    public void CanSee_Nothing_ForAnInactiveUser()
    {
        var user = User(StaffRole.SystemAdmin, [Street.Id]);
        user.IsActive = false;

        StaffScope.For(user, Units).CanSee(GridInStreet, null).ShouldBeFalse();
    }
}
