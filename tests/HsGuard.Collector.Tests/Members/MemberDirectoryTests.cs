using HsGuard.Collector.Hosting;
using HsGuard.Collector.Members;
using HsGuard.Collector.Notifications;
using HsGuard.Collector.Store;
using HsGuard.Collector.Tests.Store;
using HsGuard.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Options = Microsoft.Extensions.Options.Options;

namespace HsGuard.Collector.Tests.Members;

/// <summary>Who owns a user: the database over the file over Hostsharing's naming, run against
/// SQLite and a real PostgreSQL server.</summary>
public abstract class MemberDirectoryTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private StoreOptions _storeOptions = null!;

    protected abstract Task<StoreOptions> OptionsAsync();

    public async ValueTask InitializeAsync()
    {
        _storeOptions = await OptionsAsync();
        await File.WriteAllTextAsync(MembersFile, """
            members:
              - name: xyz00
                display_name: Beispiel eG
                emails: [it@beispiel.example]
                language: de
                users:
                  - { user: shop, host: web7 }
                  - { user: legacy }
              - name: abc01
                emails: [ops@example.com]
                language: en
            """);
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    private string MembersFile => _dir.Combine("members.yaml");

    private IncidentStore NewStore()
    {
        var store = new IncidentStore(Options.Create(_storeOptions), Options.Create(new CollectorOptions { StateDirectory = _dir.Path }),
            NullLogger<IncidentStore>.Instance);
        store.Migrate();
        return store;
    }

    private MemberDirectory NewDirectory(IncidentStore? store, MembersOptions? options = null)
    {
        options ??= new MembersOptions { File = MembersFile };
        var directory = new MemberDirectory(Options.Create(options), store, NullLogger<MemberDirectory>.Instance);
        directory.Load();
        return directory;
    }

    [Fact]
    public void Resolve_HostsharingName_PackageWithContactsFromTheFile()
    {
        var directory = NewDirectory(NewStore());

        var lookup = directory.Resolve("web1", "xyz00-web");

        Assert.Equal(("xyz00", "Beispiel eG", NoticeLanguage.De), (lookup.Member!.Name, lookup.Member.DisplayName, lookup.Member.Language));
        Assert.Equal("xyz00", lookup.Package);
        Assert.StartsWith("Hostsharing name xyz00, contacts from " + MembersFile + ":2", lookup.How, StringComparison.Ordinal);
        Assert.Equal("xyz00", directory.Resolve("web1", "xyz00").Member!.Name);
    }

    [Fact]
    public void Resolve_ExplicitEntries_HostBeforeEveryHost()
    {
        var directory = NewDirectory(NewStore());

        Assert.Equal("xyz00", directory.Resolve("web7", "shop").Member!.Name);
        Assert.False(directory.Resolve("web8", "shop").Known);
        Assert.Equal("xyz00", directory.Resolve("web8", "legacy").Member!.Name);
    }

    [Fact]
    public void Resolve_NoEntryNoContacts_UnknownWithTheReason()
    {
        var directory = NewDirectory(NewStore());

        var package = directory.Resolve("web1", "qqq99-web");
        var other = directory.Resolve("web1", "www-data");

        Assert.False(package.Known);
        Assert.Equal("qqq99", package.Package);
        Assert.Contains("member qqq99 has no contacts", package.How, StringComparison.Ordinal);
        Assert.False(other.Known);
        Assert.Contains("not a package's", other.How, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AddressTemplate_PackagesWithoutEntryGetIt()
    {
        var directory = NewDirectory(NewStore(), new MembersOptions
        {
            File = MembersFile, AddressTemplate = "{package}@members.example", DefaultLanguage = NoticeLanguage.De,
        });

        var lookup = directory.Resolve("web1", "qqq99-mail");

        Assert.Equal(["qqq99@members.example"], lookup.Member!.Emails);
        Assert.Equal(NoticeLanguage.De, lookup.Member.Language);
        Assert.False(directory.Resolve("web1", "www-data").Known);
        Assert.Equal(["ops@example.com"], directory.Resolve("web1", "abc01-web").Member!.Emails);
    }

    [Fact]
    public void Resolve_HostsharingNamesOff_OnlyExplicitEntries()
    {
        var directory = NewDirectory(NewStore(), new MembersOptions { File = MembersFile, HostsharingNames = false });

        Assert.False(directory.Resolve("web1", "xyz00-web").Known);
        Assert.True(directory.Resolve("web1", "legacy").Known);
    }

    [Fact]
    public void Resolve_DatabaseEntries_OverrideTheFile()
    {
        var store = NewStore();
        store.SaveMember("xyz00", "Beispiel eG (neu)", "[\"neu@beispiel.example\"]", "en");
        store.SaveMember("dbm01", "Database Member", "[\"db@example.org\"]", "de");
        store.SaveMemberUser("*", "legacy", "dbm01");
        store.SaveMemberUser("web1", "abc01-web", "xyz00");
        var directory = NewDirectory(store);

        var contacts = directory.Resolve("web1", "xyz00-web");
        Assert.Equal(["neu@beispiel.example"], contacts.Member!.Emails);
        Assert.Equal(NoticeLanguage.En, contacts.Member.Language);
        Assert.EndsWith("contacts from the database", contacts.How, StringComparison.Ordinal);
        Assert.Equal("dbm01", directory.Resolve("web9", "legacy").Member!.Name);
        Assert.Equal("xyz00", directory.Resolve("WEB1", "abc01-web").Member!.Name);
        Assert.Equal("abc01", directory.Resolve("web2", "abc01-web").Member!.Name);
    }

    [Fact]
    public void Load_MalformedDatabaseEntries_EveryErrorNamed()
    {
        var store = NewStore();
        store.SaveMember("bad01", "Bad", "[\"not an address\"]", "de");
        store.SaveMember("bad02", "Bad", "[\"a@b.example\"]", "fr");
        store.SaveMemberUser("web1", "someone", "nobody99");

        var error = Assert.Throws<InvalidDataException>(() => NewDirectory(store));

        Assert.Contains("3 errors", error.Message, StringComparison.Ordinal);
        Assert.Contains("database table members, row 'bad01': 'not an address' is not an e-mail address", error.Message, StringComparison.Ordinal);
        Assert.Contains("database table members, row 'bad02': language 'fr'", error.Message, StringComparison.Ordinal);
        Assert.Contains("database table member_users, row (web1, someone): member 'nobody99' is neither", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FileChanged_ReadAgain_BrokenChangeKeepsTheLastGood()
    {
        var directory = NewDirectory(NewStore());
        Assert.False(directory.Resolve("web1", "new-user").Known);

        File.WriteAllText(MembersFile, File.ReadAllText(MembersFile) + "\n    users:\n      - { user: new-user }\n");
        File.SetLastWriteTimeUtc(MembersFile, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("abc01", directory.Resolve("web1", "new-user").Member!.Name);

        File.WriteAllText(MembersFile, "members:\n  - name: broken\n    language: xx\n");
        File.SetLastWriteTimeUtc(MembersFile, DateTime.UtcNow.AddSeconds(10));
        Assert.Equal("abc01", directory.Resolve("web1", "new-user").Member!.Name);
    }

    [Fact]
    public void Load_MembersFileNamedButMissing_ErrorNamesIt()
    {
        var error = Assert.Throws<InvalidDataException>(() => NewDirectory(null, new MembersOptions { File = _dir.Combine("nope.yaml") }));

        Assert.Contains(_dir.Combine("nope.yaml") + ": the members file does not exist", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteMemberDirectoryTests : MemberDirectoryTests
{
    private readonly TempDirectory _db = new();

    protected override Task<StoreOptions> OptionsAsync() =>
        Task.FromResult(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = _db.Combine("hsguard.db") });
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgreSqlMemberDirectoryTests(PostgresFixture postgres) : MemberDirectoryTests
{
    protected override async Task<StoreOptions> OptionsAsync() =>
        new() { Provider = StoreProvider.PostgreSql, ConnectionString = await postgres.NewDatabaseAsync() };
}
