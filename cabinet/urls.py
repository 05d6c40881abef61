"""The partner's cabinet, under each language prefix (included at /<lang>/cabinet/)."""

from django.urls import path

from . import builder, journey, landings, leads, learning, money, orders, views, welcome

app_name = "cabinet"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("welcome/", welcome.welcome, name="welcome"),
    path("profile/", views.profile, name="profile"),
    # Learning and the first 90 days (cabinet/learning.py, cabinet/journey.py).
    path("learning/", learning.learning_home, name="learning"),
    path("learning/courses/<int:page_id>/", learning.course, name="course"),
    path("learning/lessons/<int:page_id>/", learning.lesson, name="lesson"),
    path("learning/lessons/<int:page_id>/done/", learning.lesson_complete,
         name="lesson_complete"),
    path("learning/lessons/<int:page_id>/quiz/", learning.lesson_quiz, name="lesson_quiz"),
    path("learning/lessons/<int:page_id>/video-position/", learning.lesson_video_position,
         name="lesson_video_position"),
    path("learning/lessons/<int:page_id>/files/<str:block_id>/", learning.lesson_file,
         name="lesson_file"),
    path("learning/certificates/<uuid:number>.<str:extension>", learning.certificate,
         name="certificate"),
    path("learning/help/", learning.help_page, name="learning_help"),
    path("first-90-days/", journey.journey, name="journey"),
    path("team/newcomers/", journey.mentees, name="mentees"),
    path("team/", views.team, name="team"),
    path("team/list/", views.team_list, name="team_list"),
    path("team/holding-tank/", views.holding_tank, name="holding_tank"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/qr.svg", views.referral_qr_svg, name="referral_qr_svg"),
    path("referrals/qr.png", views.referral_qr_png, name="referral_qr_png"),
    path("rank/", money.rank, name="rank"),
    path("earnings/", money.earnings, name="earnings"),
    path("wallet/", money.wallet, name="wallet"),
    path("orders/", orders.orders, name="orders"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("leads/", leads.leads, name="leads"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead_detail"),
    path("landings/stats/", leads.landing_stats, name="landing_stats"),
    path("landings/<int:pk>/stats/", leads.landing_stats, name="landing_stats_one"),
    # The partner's landings and the builder page (cabinet/landings.py) ...
    path("landings/", landings.landing_list, name="landings"),
    path("landings/<int:pk>/", landings.editor, name="landing_editor"),
    # ... and the builder's JSON endpoints (cabinet/builder.py).
    path("landings/list/", builder.landings, name="builder_landings"),
    path("landings/<int:pk>/details/", builder.details, name="builder_details"),
    path("landings/<int:pk>/photos/", builder.upload_photo, name="builder_photos"),
    path("landings/<int:pk>/videos/", builder.upload_video, name="builder_videos"),
    path("landings/new/", builder.create, name="builder_create"),
    path("landings/<int:pk>/draft/", builder.draft, name="builder_draft"),
    path("landings/<int:pk>/preview/", builder.preview, name="builder_preview"),
    path("landings/<int:pk>/save/", builder.save, name="builder_save"),
    path("landings/<int:pk>/restore/", builder.restore, name="builder_restore"),
    path("landings/<int:pk>/publish/", builder.publish, name="builder_publish"),
    path("landings/<int:pk>/targeting/", builder.targeting, name="builder_targeting"),
    path("landings/<int:pk>/blocks/add/", builder.add_block, name="builder_add_block"),
    path("landings/<int:pk>/blocks/<str:block_id>/", builder.update_block,
         name="builder_update_block"),
    path("landings/<int:pk>/blocks/<str:block_id>/remove/", builder.remove_block,
         name="builder_remove_block"),
    path("landings/<int:pk>/blocks/<str:block_id>/move/", builder.move_block,
         name="builder_move_block"),
]
