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
}
