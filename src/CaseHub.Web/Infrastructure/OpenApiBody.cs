using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CaseHub.Web.Infrastructure;

public static class OpenApiBody
{
    /// <summary>
    /// Declares a JSON request body of <typeparamref name="T"/> in the OpenAPI document for an endpoint that reads its body
    /// itself (to answer bad JSON and wrong content types with a 400 naming the field). <c>Accepts&lt;T&gt;</c> would also
    /// make routing refuse other content types with a bare 415.
    /// </summary>
    public static TBuilder Body<TBuilder, T>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder) => builder.Body<RouteHandlerBuilder, T>();

    /// <summary>
    /// Declares a 200 whose JSON is one of two shapes, for a list a query parameter returns flat or as a tree
    /// (<c>view=tree</c>): the generator would otherwise document only the last of the handler's results.
    /// </summary>
    public static RouteHandlerBuilder OkOneOf<TFirst, TSecond>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = new OpenApiSchema
            {
                OneOf = [await context.GetOrCreateSchemaAsync(typeof(TFirst), null, cancellationToken), await context.GetOrCreateSchemaAsync(typeof(TSecond), null, cancellationToken)],
            };
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "OK",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
