using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Detection.Rules.Yaml;
using HsGuard.Collector.Members;

namespace HsGuard.Collector.Notifications.Templates;

/// <summary>
/// What each rule found, said in plain words for members, in German and English (templates/signals.yaml):
/// <code>
/// Kernel thread name on a user program:
///   de: Ein Programm tarnt sich mit dem Namen eines Kernel-Prozesses.
///   en: A program disguises itself with the name of a kernel process.
/// </code>
/// A rule without an entry (a hoster's own) is named by its name.
/// </summary>
internal sealed class SignalPhrases
{
    private readonly Dictionary<string, Dictionary<NoticeLanguage, string>> _phrases;

    private SignalPhrases(Dictionary<string, Dictionary<NoticeLanguage, string>> phrases)
    {
        _phrases = phrases;
    }

    public string Phrase(string rule, NoticeLanguage language) =>
        _phrases.TryGetValue(rule, out var byLanguage) && byLanguage.TryGetValue(language, out string? phrase) ? phrase : rule;

    public static SignalPhrases Read(string path, List<RuleError> errors)
    {
        var phrases = new Dictionary<string, Dictionary<NoticeLanguage, string>>(StringComparer.Ordinal);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new RuleError(path, 0, 0, "cannot be read: " + e.Message));
            return new SignalPhrases(phrases);
        }
        var roots = SourceTreeReader.Read(new SourceFile(path, text), errors);
        if (roots is not [SourceMapping top, ..])
        {
            if (roots.Count > 0)
            {
                errors.Add(roots[0].Error($"expected a mapping of rule names to {{ de: …, en: … }}, found {roots[0].Kind}"));
            }
            return new SignalPhrases(phrases);
        }
        foreach (var (rule, value) in top.Entries)
        {
            if (value is not SourceMapping languages)
            {
                errors.Add(value.Error($"the phrases of '{rule.Value}' must be a mapping {{ de: …, en: … }}, not {value.Kind}"));
                continue;
            }
            var byLanguage = new Dictionary<NoticeLanguage, string>();
            foreach (var (key, phrase) in languages.Entries)
            {
                if (MemberFields.Language(key.Value) is not { } language)
                {
                    errors.Add(key.Error(MemberFields.UnknownLanguage(key.Value)));
                }
                else if (phrase is not SourceScalar { IsNull: false } scalar || string.IsNullOrWhiteSpace(scalar.Value))
                {
                    errors.Add(phrase.Error($"the {key.Value} phrase of '{rule.Value}' must be a sentence"));
                }
                else
                {
                    byLanguage[language] = scalar.Value.Trim();
                }
            }
            foreach (var missing in Enum.GetValues<NoticeLanguage>().Where(l => !byLanguage.ContainsKey(l)))
            {
                errors.Add(rule.Error($"'{rule.Value}' has no {missing.ToString().ToLowerInvariant()} phrase"));
            }
            phrases[rule.Value] = byLanguage;
        }
        return new SignalPhrases(phrases);
    }
}
