using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Notifications;

/// <summary>The few words notices need that are not the templates' own prose: they depend on the
/// incident (is the member known, how was it resolved), and templates have no conditions.</summary>
internal static class NoticePhrases
{
    public static string UnknownMember(NoticeLanguage language) => language == NoticeLanguage.De ? "UNBEKANNTES MITGLIED" : "UNKNOWN MEMBER";

    public static string UnknownMemberWarning(NoticeLanguage language, string host, string user, string how) => language == NoticeLanguage.De
        ? $"""
          !!! Kein Mitglied bekannt für den Benutzer {user} auf {host}: nur die Hostmaster sind benachrichtigt,
          !!! das Mitglied weiß von nichts. ({how})
          !!! Tragt den Benutzer in die Mitgliederdatei (Collector:Members:File) oder die Datenbank ein.

          """
        : $"""
          !!! No member is known for user {user} on {host}: only the hostmasters were told,
          !!! the member knows nothing. ({how})
          !!! Add the user to the members file (Collector:Members:File) or the database.

          """;

    public static string Resolution(IncidentStatus status, NoticeLanguage language) => (status, language) switch
    {
        (IncidentStatus.FalsePositive, NoticeLanguage.De) => "Die Hostmaster haben den Fall geprüft und als Fehlalarm eingestuft.",
        (IncidentStatus.FalsePositive, _) => "The hostmasters have looked into it and judged it a false alarm.",
        (_, NoticeLanguage.De) => "Die Hostmaster haben den Fall abgeschlossen.",
        _ => "The hostmasters have closed the case.",
    };
}
