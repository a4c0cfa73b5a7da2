// Starts Swagger UI on /api/docs with the tracker's OpenAPI document (a file, so no inline script is needed).
(function () {
  var element = document.getElementById('swagger-ui');
  if (!element || typeof window.SwaggerUIBundle !== 'function') {
    return;
  }
  window.SwaggerUIBundle({
    url: element.getAttribute('data-document-url'),
    dom_id: '#swagger-ui',
    deepLinking: true,
    // Requests made from the page carry no session cookie (the API takes a token or a cookie, never both):
    // paste a personal API token under Authorize.
    requestInterceptor: function (request) {
      request.credentials = 'omit';
      return request;
    },
  });
})();
