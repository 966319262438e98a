namespace CaseHub.Cases.Features.Calendar;

/// <summary>
/// 全国年节及纪念日放假安排 as the General Office of the State Council published them:
/// 2025 in 国办发明电〔2024〕12号, 2026 in 国办发明电〔2025〕7号. Later years are entered by admins.
/// </summary>
public static class StatutoryHolidays
{
    public static IReadOnlyList<CalendarDay> All { get; } =
    [
        .. Holidays("元旦", 2025, 1, 1, 1),
        .. Holidays("春节", 2025, 1, 28, 8), Workday("春节调休上班", 2025, 1, 26), Workday("春节调休上班", 2025, 2, 8),
        .. Holidays("清明节", 2025, 4, 4, 3),
        .. Holidays("劳动节", 2025, 5, 1, 5), Workday("劳动节调休上班", 2025, 4, 27),
        .. Holidays("端午节", 2025, 5, 31, 3),
        .. Holidays("国庆节、中秋节", 2025, 10, 1, 8), Workday("国庆节调休上班", 2025, 9, 28), Workday("国庆节调休上班", 2025, 10, 11),

        .. Holidays("元旦", 2026, 1, 1, 3), Workday("元旦调休上班", 2026, 1, 4),
        .. Holidays("春节", 2026, 2, 15, 9), Workday("春节调休上班", 2026, 2, 14), Workday("春节调休上班", 2026, 2, 28),
        .. Holidays("清明节", 2026, 4, 4, 3),
        .. Holidays("劳动节", 2026, 5, 1, 5), Workday("劳动节调休上班", 2026, 5, 9),
        .. Holidays("端午节", 2026, 6, 19, 3),
        .. Holidays("中秋节", 2026, 9, 25, 3),
        .. Holidays("国庆节", 2026, 10, 1, 7), Workday("国庆节调休上班", 2026, 9, 20), Workday("国庆节调休上班", 2026, 10, 10),
    ];

    private static IEnumerable<CalendarDay> Holidays(string name, int year, int month, int day, int days)
    {
        var first = new DateOnly(year, month, day);
        for (var i = 0; i < days; i++)
            yield return new CalendarDay { Date = first.AddDays(i), Kind = CalendarDayKind.Holiday, Name = name };
    }

    private static CalendarDay Workday(string name, int year, int month, int day) =>
        new() { Date = new DateOnly(year, month, day), Kind = CalendarDayKind.WorkingDay, Name = name };
}
