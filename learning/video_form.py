"""The admin form of a LessonVideo (the snippet's `base_form_class`): the uploaded file is
checked as partners' landing videos are (landing/videos.py: MP4 or WebM by its first bytes,
within the size limit, a whole container with a picture browsers play), and its type and
size are kept on the video. A file refused is not stored."""

from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms import WagtailAdminModelForm

from landing.videos import check_file


class LessonVideoForm(WagtailAdminModelForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):
            return uploaded  # the file kept from before (editing the title only)
        facts = check_file(uploaded)
        self.instance.content_type = facts.content_type
        self.instance.size = uploaded.size
        return uploaded
