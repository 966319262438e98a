using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Validation;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Workflows.Definitions;

/// <summary>Published versions never change, so their rows and parsed documents are kept in memory.</summary>
public sealed class PublishedDefinitionCache
{
    internal ConcurrentDictionary<Guid, WorkflowDefinitionVersion> Versions { get; } = new();
    internal ConcurrentDictionary<Guid, WorkflowDocument> Documents { get; } = new();
}

/// <summary>The definition's publish-time validation failed; <see cref="Issues"/> names each activity and field.</summary>
public sealed class WorkflowValidationException(string definitionId, IReadOnlyList<ValidationIssue> issues)
    : Exception(Bilingual.Text(
        $"流程“{definitionId}”有 {issues.Count(i => i.Severity == IssueSeverity.Error)} 个错误，无法发布。",
        $"Workflow '{definitionId}' has {issues.Count(i => i.Severity == IssueSeverity.Error)} error(s) and cannot be published."))
{
    public IReadOnlyList<ValidationIssue> Issues { get; } = issues;
}

/// <summary>Drafts, publishing and versions of workflow definitions. The caller saves.</summary>
public sealed class WorkflowDefinitionService(DbContext db, PublishedDefinitionCache cache, WorkflowValidator validator, TimeProvider time)
{
    private DbSet<WorkflowDefinitionVersion> Versions => db.Set<WorkflowDefinitionVersion>();

    public WorkflowDocument Parse(WorkflowDefinitionVersion version) =>
        version.Status == DefinitionStatus.Published
            ? cache.Documents.GetOrAdd(version.Id, _ => WorkflowJson.Parse(version.Json))
            : WorkflowJson.Parse(version.Json);

    public async Task<WorkflowDefinitionVersion?> FindVersionAsync(Guid versionId, CancellationToken cancellationToken)
    {
        if (cache.Versions.TryGetValue(versionId, out var cached))
            return cached;
        var version = await Versions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (version?.Status == DefinitionStatus.Published)
            cache.Versions[versionId] = version;
        return version;
    }

    /// <summary>The given published version, or the latest published one when <paramref name="version"/> is null.</summary>
    public async Task<WorkflowDefinitionVersion?> FindPublishedAsync(string definitionId, int? version, CancellationToken cancellationToken)
    {
        var id = await PublishedVersionId.For(db)(db, definitionId, version, cancellationToken);
        return id is null ? null : await FindVersionAsync(id.Value, cancellationToken);
    }

    // Compiled, as every case's intake asks: translating the LINQ each time cost more CPU than running the query.
    private static readonly CompiledPerModel<Func<DbContext, string, int?, CancellationToken, Task<Guid?>>> PublishedVersionId = new(() =>
        EF.CompileAsyncQuery((DbContext db, string definitionId, int? version, CancellationToken _) =>
            db.Set<WorkflowDefinitionVersion>()
                .Where(v => v.DefinitionId == definitionId && v.Status == DefinitionStatus.Published && (version == null || v.Version == version))
                .OrderByDescending(v => v.Version)
                .Select(v => (Guid?)v.Id)
                .FirstOrDefault()));

    public async Task<WorkflowDefinitionVersion?> FindDraftAsync(string definitionId, CancellationToken cancellationToken)
    {
        // A draft saved earlier in this unit of work is not in the database yet; one published in it no longer counts.
        var draft = Versions.Local.FirstOrDefault(v => v.DefinitionId == definitionId && v.Status == DefinitionStatus.Draft)
            ?? await Versions.FirstOrDefaultAsync(v => v.DefinitionId == definitionId && v.Status == DefinitionStatus.Draft, cancellationToken);
        return draft?.Status == DefinitionStatus.Draft ? draft : null;
    }

    /// <summary>
    /// Creates or replaces the definition's one draft. <paramref name="expectedRowVersion"/> guards against
    /// overwriting someone else's edit: pass the row version the editor loaded, or null for a new draft.
    /// </summary>
    public async Task<WorkflowDefinitionVersion> SaveDraftAsync(string json, long? expectedRowVersion, string? actor, CancellationToken cancellationToken)
    {
        var document = ParseForSave(json);
        var draft = await FindDraftAsync(document.DefinitionId, cancellationToken);
        if (draft is not null)
        {
            if (expectedRowVersion is null || expectedRowVersion != draft.RowVersion)
                throw new ConflictException(Bilingual.Text(
                    $"流程“{document.DefinitionId}”的草稿已被他人修改（行版本 {draft.RowVersion}），请重新加载后再保存。",
                    $"The draft of '{document.DefinitionId}' was changed by someone else (row version {draft.RowVersion}); reload it before saving."));
        }
        else
        {
            var next = await NextVersionAsync(document.DefinitionId, cancellationToken);
            draft = new WorkflowDefinitionVersion
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                DefinitionId = document.DefinitionId,
                Version = next,
                Name = document.Name,
                Json = "",
                Status = DefinitionStatus.Draft,
                CreatedAt = time.GetUtcNow(),
                CreatedBy = actor,
            };
            Versions.Add(draft);
        }
        draft.Name = Truncate(document.Name, 200);
        draft.Description = document.Description is { } d ? Truncate(d, 2000) : null;
        draft.Json = Stamp(document, draft);
        return draft;
    }

    /// <summary>Validates the draft and makes it the newest published version.</summary>
    /// <exception cref="WorkflowValidationException">The draft has errors; nothing changes.</exception>
    public async Task<WorkflowDefinitionVersion> PublishAsync(string definitionId, long? expectedRowVersion, string? actor, CancellationToken cancellationToken)
    {
        var draft = await FindDraftAsync(definitionId, cancellationToken)
            ?? throw new NotFoundException("Draft of workflow", definitionId);
        if (expectedRowVersion is not null && expectedRowVersion != draft.RowVersion)
            throw new ConflictException(Bilingual.Text(
                $"流程“{definitionId}”的草稿已被他人修改，请重新加载后再发布。",
                $"The draft of '{definitionId}' was changed by someone else; reload it before publishing."));
        var document = WorkflowJson.Parse(draft.Json);
        var issues = validator.Validate(document);
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
            throw new WorkflowValidationException(definitionId, issues);
        draft.Status = DefinitionStatus.Published;
        draft.PublishedAt = time.GetUtcNow();
        draft.Json = Stamp(document, draft);
        return draft;
    }

    public async Task DeleteDraftAsync(string definitionId, CancellationToken cancellationToken)
    {
        var draft = await FindDraftAsync(definitionId, cancellationToken)
            ?? throw new NotFoundException("Draft of workflow", definitionId);
        Versions.Remove(draft);
    }

    /// <summary>
    /// Imports a shipped definition file as a published version, unless a version from the same file
    /// content already exists. Returns the new version, or null when there was nothing to import.
    /// </summary>
    public async Task<WorkflowDefinitionVersion?> ImportPublishedAsync(string json, string? actor, CancellationToken cancellationToken)
    {
        var hash = Hash(json);
        var document = ParseForSave(json);
        if (await Versions.AnyAsync(v => v.DefinitionId == document.DefinitionId && v.SourceHash == hash, cancellationToken))
            return null;
        var issues = validator.Validate(document);
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
            throw new WorkflowValidationException(document.DefinitionId, issues);
        var now = time.GetUtcNow();
        var version = new WorkflowDefinitionVersion
        {
            Id = Guid.CreateVersion7(now),
            DefinitionId = document.DefinitionId,
            Version = await NextVersionAsync(document.DefinitionId, cancellationToken),
            Name = Truncate(document.Name, 200),
            Description = document.Description is { } d ? Truncate(d, 2000) : null,
            Json = "",
            Status = DefinitionStatus.Published,
            SourceHash = hash,
            CreatedAt = now,
            PublishedAt = now,
            CreatedBy = actor,
        };
        version.Json = Stamp(document, version);
        Versions.Add(version);
        return version;
    }

    private async Task<int> NextVersionAsync(string definitionId, CancellationToken cancellationToken)
    {
        var stored = await Versions.Where(v => v.DefinitionId == definitionId).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        var local = Versions.Local.Where(v => v.DefinitionId == definitionId).Select(v => v.Version).DefaultIfEmpty(0).Max();
        return Math.Max(stored, local) + 1;
    }

    private static WorkflowDocument ParseForSave(string json)
    {
        WorkflowDocument document;
        try
        {
            document = WorkflowJson.Parse(json);
        }
        catch (WorkflowFormatException e)
        {
            throw new InvalidRequestException(e.Path, e.Message);
        }
        if (string.IsNullOrWhiteSpace(document.DefinitionId))
            throw new InvalidRequestException("definitionId", Bilingual.Text("流程定义缺少“definitionId”。", "The definition needs a 'definitionId'."));
        if (document.DefinitionId.Length > 100)
            throw new InvalidRequestException("definitionId", Bilingual.Text("流程标识最多 100 个字符。", "The definition id must be at most 100 characters."));
        return document;
    }

    /// <summary>Writes the version's own facts into the JSON, as Elsa does, so an export is self-describing.</summary>
    private static string Stamp(WorkflowDocument document, WorkflowDefinitionVersion version)
    {
        var json = WorkflowJson.Normalize(document);
        json["id"] = version.Id.ToString();
        json["definitionId"] = version.DefinitionId;
        json["version"] = version.Version;
        json["isPublished"] = version.Status == DefinitionStatus.Published;
        return json.ToJsonString();
    }

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
