"""Quality: the quality model (themes, criteria, indicators) and quality assessments."""

from tilsynwidgets.domain.quality.model import (
    QualityAssessment,
    QualityModel,
    quality_model,
    quality_model_versions,
)

__all__ = ["QualityAssessment", "QualityModel", "quality_model", "quality_model_versions"]
