// _RSVGShims: an INTERNAL module. Only the command line (Sources/gdpfit/Plot/FigureRendering.swift)
// imports it, to turn the SVG that `SVGRenderer` writes into PNG or PDF: rendering is the command
// line's job, and no numerical target links a graphics library. Thin shim over librsvg (which parses
// and draws SVG) and cairo (which writes the PNG or PDF), in the manner of `_GSLShims`.
//
// One function, `gdpfit_render_svg`, does the whole conversion, so that Swift never sees a GLib
// object, a GError or a cairo status: it returns the file's bytes in a malloc'd buffer, or a
// malloc'd one-line message saying why not. librsvg 2.52 or later (Debian 12 has 2.54): it uses
// `rsvg_handle_get_intrinsic_size_in_pixels` and `rsvg_handle_render_document`.
#ifndef GDPFIT_RSVG_SHIMS_H
#define GDPFIT_RSVG_SHIMS_H

#include <librsvg/rsvg.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/// The figure formats rendered from SVG.
typedef enum {
    GDPFIT_FIGURE_PNG = 0,
    GDPFIT_FIGURE_PDF = 1,
} gdpfit_figure_format;

/// A growing byte buffer that cairo's stream writers append to; `failed` is set when memory runs out.
typedef struct {
    unsigned char *data;
    size_t length;
    size_t capacity;
    int failed;
} gdpfit_byte_buffer;

static inline cairo_status_t gdpfit_append_bytes(void *closure, const unsigned char *data, unsigned int length) {
    gdpfit_byte_buffer *buffer = (gdpfit_byte_buffer *)closure;
    if (buffer->length + length > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->length + length) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
        if (!grown) {
            buffer->failed = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, data, length);
    buffer->length += length;
    return CAIRO_STATUS_SUCCESS;
}

/// A malloc'd copy of `prefix` followed by `detail` (either may be NULL).
static inline char *gdpfit_render_message(const char *prefix, const char *detail) {
    size_t a = prefix ? strlen(prefix) : 0, b = detail ? strlen(detail) : 0;
    char *message = (char *)malloc(a + b + 1);
    if (!message) return NULL;
    if (a) memcpy(message, prefix, a);
    if (b) memcpy(message + a, detail, b);
    message[a + b] = '\0';
    return message;
}

/// Renders the SVG document `svg` (`svg_length` bytes) as a PNG of its own size in pixels, or as a
/// one-page PDF whose page is that size at `points_per_pixel` (0.75 for CSS's 96 pixels per inch).
/// On success returns 0 and `*out` holds the file (free `out->data` with free()); on failure returns
/// 1, `*out` is empty, and `*error` is a malloc'd message (free it) without a trailing newline.
static inline int gdpfit_render_svg(const char *svg, size_t svg_length, gdpfit_figure_format format,
                                    double points_per_pixel, gdpfit_byte_buffer *out, char **error) {
    out->data = NULL;
    out->length = out->capacity = 0;
    out->failed = 0;
    *error = NULL;
    GError *gerror = NULL;
    RsvgHandle *handle = rsvg_handle_new_from_data((const guint8 *)svg, svg_length, &gerror);
    if (!handle) {
        *error = gdpfit_render_message("the SVG could not be read: ", gerror ? gerror->message : "unknown error");
        if (gerror) g_error_free(gerror);
        return 1;
    }
    rsvg_handle_set_dpi(handle, 96);
    double width = 0, height = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) || !(width >= 1 && height >= 1)
        || !(width <= 32767 && height <= 32767)) {
        *error = gdpfit_render_message("the SVG has no width and height in pixels from 1 to 32767", NULL);
        g_object_unref(handle);
        return 1;
    }
    cairo_surface_t *surface;
    RsvgRectangle viewport = {0, 0, width, height};
    if (format == GDPFIT_FIGURE_PNG) {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(width), (int)ceil(height));
    } else {
        viewport.width = width * points_per_pixel;
        viewport.height = height * points_per_pixel;
        surface = cairo_pdf_surface_create_for_stream(gdpfit_append_bytes, out, viewport.width, viewport.height);
        // No creation date (cairo writes the current time otherwise): the same chart gives the same bytes.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
    }
    cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        *error = gdpfit_render_message("cairo could not create the surface: ", cairo_status_to_string(status));
        cairo_surface_destroy(surface);
        g_object_unref(handle);
        return 1;
    }
    cairo_t *cr = cairo_create(surface);
    gboolean drawn = rsvg_handle_render_document(handle, cr, &viewport, &gerror);
    status = cairo_status(cr);
    cairo_destroy(cr);
    g_object_unref(handle);
    if (!drawn || status != CAIRO_STATUS_SUCCESS) {
        *error = drawn ? gdpfit_render_message("cairo could not draw the SVG: ", cairo_status_to_string(status))
                       : gdpfit_render_message("librsvg could not draw the SVG: ", gerror ? gerror->message : "unknown error");
        if (gerror) g_error_free(gerror);
        cairo_surface_destroy(surface);
        free(out->data);
        out->data = NULL;
        out->length = 0;
        return 1;
    }
    if (format == GDPFIT_FIGURE_PNG) {
        status = cairo_surface_write_to_png_stream(surface, gdpfit_append_bytes, out);
    } else {
        cairo_surface_finish(surface);
        status = cairo_surface_status(surface);
    }
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS || out->failed) {
        *error = gdpfit_render_message("cairo could not write the file: ",
                                       out->failed ? "out of memory" : cairo_status_to_string(status));
        free(out->data);
        out->data = NULL;
        out->length = 0;
        return 1;
    }
    return 0;
}

#endif
