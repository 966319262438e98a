namespace CaseHub.Workflows;

/// <summary>The thing asked for does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string what, object id) : Exception($"{what} '{id}' was not found.")
{
    public string What { get; } = what;
}

/// <summary>Someone else changed or holds the thing first (HTTP 409).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The user may not do this (403). Things outside the user's jurisdiction are reported as not found instead, so their existence does not leak.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request is well-formed but not allowed in the current state (HTTP 409 with a reason).</summary>
public sealed class InvalidStateException(string message) : Exception(message);

/// <summary>A field of the request is invalid (HTTP 400, naming the field).</summary>
public sealed class InvalidRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Several fields of the request are invalid (HTTP 400 with every field and its reasons).</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception($"The request has {errors.Count} invalid field(s): {string.Join(", ", errors.Keys)}.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
