using System.ComponentModel.DataAnnotations;
using HsGuard.Collector.Notifications;

namespace HsGuard.Collector.Members;

/// <summary>Where the member directory comes from. Bound from "Collector:Members".</summary>
public sealed class MembersOptions : IValidatableObject
{
    public const string Section = "Collector:Members";

    /// <summary>Read when <see cref="File"/> is not set and this file exists.</summary>
    public const string DefaultFile = "/etc/hsguard/members.yaml";

    /// <summary>The members file (YAML: members with contacts, language and explicit users).
    /// Defaults to /etc/hsguard/members.yaml when it exists; a file named here must exist.</summary>
    public string? File { get; set; }

    /// <summary>Hostsharing's naming as the default rule: user xyz00 and xyz00-anything belong to
    /// package xyz00, which is a known member when the directory (or <see cref="AddressTemplate"/>)
    /// has contacts for it. Defaults to true.</summary>
    public bool HostsharingNames { get; set; } = true;

    /// <summary>The address of a package the directory has no entry for, with {package} standing for
    /// the package ("{package}@example.org"). Defaults to none: such a package is an unknown member.</summary>
    public string? AddressTemplate { get; set; }

    /// <summary>The language of members known only through <see cref="AddressTemplate"/>. Defaults to En.</summary>
    public NoticeLanguage DefaultLanguage { get; set; } = NoticeLanguage.En;

    /// <summary><see cref="File"/>, or the default file when it exists, or none.</summary>
    public string? EffectiveFile() =>
        !string.IsNullOrWhiteSpace(File) ? File : System.IO.File.Exists(DefaultFile) ? DefaultFile : null;

    /// <summary>The address <see cref="AddressTemplate"/> gives a package, or null without a template.</summary>
    public string? AddressOf(string package) =>
        string.IsNullOrWhiteSpace(AddressTemplate) ? null : AddressTemplate.Replace("{package}", package, StringComparison.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(File) && !Path.IsPathFullyQualified(File))
        {
            yield return new ValidationResult($"{Section}:File: '{File}' is not an absolute path", [nameof(File)]);
        }
        if (!string.IsNullOrWhiteSpace(AddressTemplate)
            && (!AddressTemplate.Contains("{package}", StringComparison.Ordinal) || !EmailAddress.IsValid(AddressOf("xyz00"))))
        {
            yield return new ValidationResult(
                $"{Section}:AddressTemplate: '{AddressTemplate}' must be an e-mail address with {{package}} in it, such as {{package}}@example.org",
                [nameof(AddressTemplate)]);
        }
    }
}
