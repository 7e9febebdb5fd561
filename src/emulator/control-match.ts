// Matching a control API request to its route. Route keys are "<METHOD> <path>", where a path
// segment ":name" matches any one segment and hands it to the route as the parameter `name`.

export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

function matchPath(pattern: string[], path: string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const actual = path[index] ?? "";
    if (segment.startsWith(":")) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return undefined;
  }
  return params;
}

export function matchRoute<R>(
  routes: Record<string, R>,
  method: string,
  path: string,
): RouteMatch<R> | undefined {
  const exact = routes[`${method} ${path}`];
  if (exact !== undefined) return { route: exact, params: {} };
  const segments = path.split("/");
  for (const [key, route] of Object.entries(routes)) {
    const [routeMethod, routePath = ""] = key.split(" ");
    if (routeMethod !== method || !routePath.includes(":")) continue;
    const params = matchPath(routePath.split("/"), segments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
