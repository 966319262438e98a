using CaseHub.Cases.Features.Organisation;

namespace CaseHub.Cases.Features.Intake;

/// <summary>脱敏: complainants' personal data is shown in full only to the roles that contact them.</summary>
public static class PersonalData
{
    /// <summary>Dispatchers (hotline agents) and handlers call the citizen back; no other role needs the full data.</summary>
    public static bool CanSeeUnmasked(IReadOnlyCollection<StaffRole> roles) =>
        roles.Contains(StaffRole.Dispatcher) || roles.Contains(StaffRole.Handler);

    /// <summary>138****1234: the first 3 and last 4 digits stay.</summary>
    public static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
            return phone;
        var digits = phone.Where(char.IsDigit).ToArray();
        return digits.Length < 8
            ? new string('*', Math.Max(0, digits.Length - 2)) + new string(digits[^Math.Min(2, digits.Length)..])
            : new string(digits[..3]) + "****" + new string(digits[^4..]);
    }

    /// <summary>张** : the family name stays.</summary>
    public static string? MaskName(string? name) =>
        string.IsNullOrEmpty(name) ? name : name[..1] + new string('*', Math.Max(1, name.Length - 1));

    /// <summary>330102********1234: region code and last 4 stay.</summary>
    public static string? MaskIdNumber(string? id) =>
        string.IsNullOrEmpty(id) || id.Length < 10 ? (string.IsNullOrEmpty(id) ? id : new string('*', id.Length)) : id[..6] + new string('*', id.Length - 10) + id[^4..];

    /// <summary>The last 4 digits of the phone, which the citizen status page asks for.</summary>
    public static string? PhoneSuffix(string? phone)
    {
        var digits = phone?.Where(char.IsDigit).ToArray() ?? [];
        return digits.Length >= 4 ? new string(digits[^4..]) : null;
    }
}
