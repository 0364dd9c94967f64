using HsGuard.Collector.Detection.Rules;

namespace HsGuard.Collector.Notifications.Templates;

/// <summary>
/// Every notice template and the signal phrases, each file taken from the hoster's template
/// directory when it holds one of that name, else from the shipped ones (templates/ beside the
/// executable): AUDIENCE-STAGE.LANGUAGE.txt (member-found.de.txt, hostmaster-resolved.en.txt) and
/// signals.yaml. Loaded whole or not at all: every error is reported.
/// </summary>
internal sealed class TemplateSet
{
    public const string SignalsFile = "signals.yaml";

    private readonly Dictionary<(NoticeAudience, NoticeStage, NoticeLanguage), NoticeTemplate> _templates;

    private TemplateSet(Dictionary<(NoticeAudience, NoticeStage, NoticeLanguage), NoticeTemplate> templates, SignalPhrases signals)
    {
        _templates = templates;
        Signals = signals;
    }

    /// <summary>The shipped templates: templates/ beside the executable.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "templates");

    public SignalPhrases Signals { get; }

    public NoticeTemplate Get(NoticeAudience audience, NoticeStage stage, NoticeLanguage language) => _templates[(audience, stage, language)];

    public static string FileName(NoticeAudience audience, NoticeStage stage, NoticeLanguage language) =>
        $"{audience.ToString().ToLowerInvariant()}-{stage.ToString().ToLowerInvariant()}.{language.ToString().ToLowerInvariant()}.txt";

    /// <summary>Loads every template; null and every error when one is wrong.</summary>
    public static TemplateSet? Load(string shipped, string? overrides, List<RuleError> errors)
    {
        int before = errors.Count;
        if (!string.IsNullOrWhiteSpace(overrides) && !Directory.Exists(overrides))
        {
            errors.Add(new RuleError(overrides, 0, 0, "the template directory does not exist (Collector:Notifications:TemplateDirectory)"));
        }
        var templates = new Dictionary<(NoticeAudience, NoticeStage, NoticeLanguage), NoticeTemplate>();
        foreach (var audience in Enum.GetValues<NoticeAudience>())
        {
            string[] required = audience == NoticeAudience.Member ? NoticePlaceholders.RequiredForMembers : NoticePlaceholders.RequiredForHostmasters;
            foreach (var stage in Enum.GetValues<NoticeStage>())
            {
                foreach (var language in Enum.GetValues<NoticeLanguage>())
                {
                    string path = Locate(FileName(audience, stage, language), shipped, overrides);
                    string? text = Read(path, errors);
                    if (text is not null && NoticeTemplate.Parse(path, text, required, errors) is { } template)
                    {
                        templates[(audience, stage, language)] = template;
                    }
                }
            }
        }
        var signals = SignalPhrases.Read(Locate(SignalsFile, shipped, overrides), errors);
        return errors.Count == before ? new TemplateSet(templates, signals) : null;
    }

    private static string Locate(string name, string shipped, string? overrides)
    {
        if (!string.IsNullOrWhiteSpace(overrides) && File.Exists(Path.Combine(overrides, name)))
        {
            return Path.Combine(overrides, name);
        }
        return Path.Combine(shipped, name);
    }

    private static string? Read(string path, List<RuleError> errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new RuleError(path, 0, 0, e is FileNotFoundException ? "missing: every notice needs its template" : "cannot be read: " + e.Message));
            return null;
        }
    }
}
