"""A standard page's body becomes a StreamField: each page's rich text (and each of its revisions', so the
editor opens the page as it was) becomes one « text » block, before the column changes type (PostgreSQL casts
the text to JSON, which it now is)."""

import json
import uuid

import wagtail.fields
from django.db import migrations

import cms.listing

TEXT_BLOCK = "paragraph"


def _to_stream(html: str) -> str:
    if not html:
        return "[]"
    return json.dumps([{"type": TEXT_BLOCK, "value": html, "id": str(uuid.uuid4())}])


def _to_html(stream: str) -> str:
    try:
        blocks = json.loads(stream or "[]")
    except ValueError:  # never converted: already rich text
        return stream
    if isinstance(blocks, str):  # a revision's body, serialised once more
        blocks = json.loads(blocks)
    return "".join(block["value"] for block in blocks if block.get("type") == TEXT_BLOCK)


def _convert(apps, convert):
    StandardPage = apps.get_model("cms", "StandardPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in StandardPage.objects.only("pk", "body"):
        StandardPage.objects.filter(pk=page.pk).update(body=convert(page.body))
    content_type = ContentType.objects.filter(app_label="cms", model="standardpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).only("pk", "content"):
        content = revision.content
        if isinstance(content.get("body"), str):
            content["body"] = convert(content["body"])
            Revision.objects.filter(pk=revision.pk).update(content=content)


def rich_text_to_stream(apps, schema_editor):
    _convert(apps, _to_stream)


def stream_to_rich_text(apps, schema_editor):
    _convert(apps, _to_html)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_site_menus"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(rich_text_to_stream, stream_to_rich_text),
        migrations.AlterField(
            model_name='standardpage',
            name='body',
            field=wagtail.fields.StreamField([('paragraph', 0), ('image', 4), ('quote', 7), ('call_to_action', 11), ('directory_list', 19)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'link', 'ol', 'ul'], 'label': 'text'}), 1: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 2: ('wagtail.blocks.CharBlock', (), {'label': 'alternative text', 'max_length': 250}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'caption', 'max_length': 250, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('image', 1), ('alt_text', 2), ('caption', 3)]], {}), 5: ('wagtail.blocks.TextBlock', (), {'label': 'quote'}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'source', 'max_length': 200, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('quote', 5), ('source', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'button text', 'max_length': 80}), 9: ('wagtail.blocks.PageChooserBlock', (), {'label': 'page', 'required': False}), 10: ('wagtail.blocks.URLBlock', (), {'label': 'or address', 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('text', 8), ('page', 9), ('url', 10)]], {}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'heading', 'max_length': 120, 'required': False}), 13: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('projects', 'projects'), ('structures', 'structures')], 'label': 'list'}), 14: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('association', 'association'), ('company', 'company'), ('cooperative', 'cooperative or social economy structure'), ('research', 'university or research lab'), ('local_authority', 'local authority'), ('public_body', 'public body'), ('incubator', 'incubator'), ('coworking', 'coworking space'), ('third_place', 'tiers-lieu'), ('innovation_lab', 'innovation lab'), ('users_group', "users' or citizens' group"), ('funder', 'funder')], 'help_text': 'For a list of structures.', 'label': 'kind of structure', 'required': False}), 15: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('emergence', 'emergence of the innovation'), ('experimentation', 'experimentation and implementation'), ('evaluation', 'evaluation and generalisation')], 'help_text': 'For a list of projects.', 'label': 'phase', 'required': False}), 16: ('wagtail.blocks.ChoiceBlock', [], {'choices': cms.listing.theme_choices, 'label': 'theme', 'required': False}), 17: ('wagtail.blocks.ChoiceBlock', [], {'choices': cms.listing.departement_choices, 'help_text': 'Structures based there; projects serving it, in whole or in part.', 'label': 'département', 'required': False}), 18: ('wagtail.blocks.IntegerBlock', (), {'default': 6, 'label': 'number shown', 'max_value': 24, 'min_value': 1}), 19: ('wagtail.blocks.StructBlock', [[('heading', 12), ('kind', 13), ('actor_kind', 14), ('phase', 15), ('theme', 16), ('territory', 17), ('number', 18)]], {})}, verbose_name='body'),
        ),
    ]
