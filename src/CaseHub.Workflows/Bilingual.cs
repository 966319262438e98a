using System.Globalization;

namespace CaseHub.Workflows;

/// <summary>
/// A message a person reads in an API answer (a 400's field errors, a 409's reason, an import's row errors), in the
/// language of the request: Chinese when the caller prefers it (the web client always says which language it shows),
/// else English, the API's language for integrations that send no preference. The web host sets
/// <see cref="CultureInfo.CurrentUICulture"/> per request from <c>Accept-Language</c>.
/// Logs and stored texts stay English; only what goes back to the caller is chosen here.
/// </summary>
public static class Bilingual
{
    public static bool PrefersChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    public static string Text(string zh, string en) => PrefersChinese ? zh : en;
}
